// Evidence of circuit-breaking: the controls and the burst, in counts and moments.
import type { ObservedCounts, RequestRecord } from "../../check-kit/records.js";

export interface CircuitBreakingEvidence {
  kind: "circuit-breaking";
  maxActive: number;
  maxPending: number;
  /** The most requests the check sends at once (absent in reports before it was capped). */
  maxBurst?: number;
  /** Sequential requests that must succeed first: the destination answers when not overloaded. */
  controls: RequestRecord[];
  burst: {
    path: string;
    /** Requests sent at once. */
    sent: number;
    succeeded: number;
    /** Envoy's overflow answers: 503 with x-envoy-overloaded: true (or the overflow reset body). */
    overflowed: number;
    /** Everything else, by what it got: each is a failure. */
    other: ObservedCounts;
    /** One overflow answer as seen, e.g. `503 x-envoy-overloaded: true "upstream connect error …"`. */
    overflowSample?: string;
    /** Ms between the first and the last send of the burst. */
    spreadMs?: number;
    /** The fastest success's latency: a slot is taken to be held at least half of it. */
    fastestSuccessMs?: number;
    /** Requests the pool may have finished while the burst was sent: maxActive × ⌊2 × spreadMs / fastestSuccessMs⌋. */
    finishedDuringBurst?: number;
    /** The most successes a conforming pool allows: maxActive + maxPending + finishedDuringBurst. */
    admits?: number;
  };
}
