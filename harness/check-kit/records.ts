// The records every check's evidence is built from: enough to see why it decided as it did,
// without per-request lists (counts, not lists). Each feature's own evidence type is in its
// folder (../features/<check>/evidence.ts).

/** What came back for a group of identical requests: counts by what was observed. */
export interface ObservedCounts {
  /** "dest:<name>", "status:<code>" or "error:<CODE>" → count. */
  [observed: string]: number;
}

export interface Convergence {
  converged: boolean;
  attempts: number;
  elapsedMs: number;
  /** What the last attempt saw when it did not converge. */
  last?: string;
}

export interface RequestRecord {
  vantage: string;
  method: string;
  url: string;
  expect: string;
  /** e.g. "status:200", "status:403", "error:ECONNRESET". */
  observed: string;
  /** Body excerpt when it says something (e.g. `RBAC: access denied`). */
  body?: string;
  /** Caller SPIFFE ID the app saw, for in-mesh calls. */
  caller?: string;
  ok: boolean;
}

/** A request whose latency is part of the verdict (route timeouts). */
export interface TimedRequestRecord extends RequestRecord {
  latencyMs: number;
}

/** What the runner records when a check could not run at all (it threw, or had no plan). */
export interface ErrorEvidence {
  kind: "error";
  message: string;
}
