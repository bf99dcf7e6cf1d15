// Evidence each check records: enough to see why it decided as it did, without per-request
// records (counts, not lists).

import type { ProportionEvidence } from "../stats/index.js";

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

export interface RoutingCase {
  name: string;
  headers: Record<string, string>;
  expected: string;
  sent: number;
  observed: ObservedCounts;
  ok: boolean;
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

export type CheckEvidence =
  | { kind: "routing"; convergence?: Convergence; cases: RoutingCase[] }
  | {
      kind: "canary";
      convergence?: Convergence;
      proportion: ProportionEvidence;
      /** Requests that got no identified 2xx answer, by what they got. */
      nonAnswers: ObservedCounts;
    }
  | { kind: "mtls"; control: RequestRecord; plaintext: RequestRecord[] }
  | { kind: "authz"; controls: RequestRecord[]; denials: RequestRecord[] }
  | { kind: "error"; message: string };
