// Evidence each check records: enough to see why it decided as it did, without per-request
// records (counts, not lists).

import type { CircuitBreakingEvidence, DisruptionEvidence, OutlierDetectionEvidence } from "../features/circuit-breaking/evidence.js";
import type { MinimumRateEvidence, ProportionEvidence } from "../stats/index.js";
import type { DelaySeparation } from "../../spec/timing/delay-separation.js";

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

/** A request whose latency is part of the verdict (route timeouts). */
export interface TimedRequestRecord extends RequestRecord {
  latencyMs: number;
}

/** One injected fault's share: the proportion test over "injected" vs "not injected". */
export interface InjectedShare {
  /** What counted as injected, e.g. `status 503 + "fault filter abort"` or `latency ≥ 196 ms`. */
  rule: string;
  proportion: ProportionEvidence;
}

/** The delay's share, and how well delayed answers were told from slow ones. */
export interface DelayShare extends InjectedShare {
  separation?: DelaySeparation;
}

export type CheckEvidence =
  | CircuitBreakingEvidence
  | OutlierDetectionEvidence
  | DisruptionEvidence
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
  | {
      kind: "timeout";
      convergence?: Convergence;
      timeoutMs: number;
      /** A 504 within these passes: [0.9 × timeout, timeout + max(100 ms, timeout/4)]. */
      boundsMs: [number, number];
      control: TimedRequestRecord;
      slow: TimedRequestRecord[];
      /** Controls sent back to back while the slow requests were out: the slowness of that moment. */
      during?: { requests: number; answered: number; totalMs: number; minLatencyMs: number };
      /** A 504 is late only past boundsMs[1] + slackMs: totalMs less (requests − 1) × minLatencyMs. */
      slackMs?: number;
    }
  | {
      kind: "retries";
      convergence?: Convergence;
      attempts: number;
      retryOn: string;
      failRatio: number;
      rate: MinimumRateEvidence;
      /** Requests that did not succeed, by what they got. */
      failures: ObservedCounts;
    }
  | {
      kind: "fault-injection";
      convergence?: Convergence;
      abort?: InjectedShare;
      delay?: DelayShare;
      /** Answers that were neither a success nor the injected abort, by what they got (each fails at once). */
      unexpected: ObservedCounts;
    }
  | { kind: "error"; message: string };
