// Evidence of route-timeout: the timed control and slow requests, and the slowness measured meanwhile.
import type { Convergence, TimedRequestRecord } from "../../check-kit/records.js";

export interface TimeoutEvidence {
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
