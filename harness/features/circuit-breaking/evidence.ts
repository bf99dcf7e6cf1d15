// Evidence of the DestinationRule and disruption checks (members of CheckEvidence): counts and
// moments, never per-request lists.
import type { ObservedCounts, RequestRecord } from "../../check-kit/records.js";
import type { BudgetTest } from "../../check-kit/budget-test.js";

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

/** The sequential test after the ejection: H0 "failures at the unejected share" vs H1 "no failures". */
export interface EjectionTest {
  requests: number;
  observed: ObservedCounts;
  failures: number;
  /** Share of requests that would fail with nothing ejected (from the endpoints' fail ratios). */
  p0: number;
  /** The failure share an ejecting mesh may still show (p0 / 10: a stray request before the ejection applied); absent in older reports, where it was 0. */
  p1?: number;
  /** Chance of passing a mesh that ejects nothing (β), and of failing one that ejects (α). */
  beta: number;
  alpha: number;
  /** The test must decide while the failing endpoints are still ejected: from the last warm-up send for this long. */
  windowMs: number;
  /** Requests answered after the window, not counted (absent in older reports). */
  late?: number;
  state: "running" | "accept-null" | "reject-null";
}

export interface OutlierDetectionEvidence {
  kind: "outlier-detection";
  consecutiveErrors: number;
  baseEjectionTimeMs: number;
  intervalMs: number;
  maxEjectionPercent: number;
  /** Destinations whose requests fail (failRatio > 0). */
  failing: string[];
  warmup: {
    requests: number;
    observed: ObservedCounts;
    /** Every failing destination failed consecutiveErrors times in a row. */
    reached: boolean;
    elapsedMs: number;
  };
  afterEjection: EjectionTest;
}

/** Traffic per time slice, for a timeline. */
export interface TimelineBin {
  /** Start of the slice, ms from the first request. */
  atMs: number;
  ok: number;
  failed: number;
}

export interface DisruptionEvidence {
  kind: "disruption";
  /** The rate sent: the profile's, raised so the window holds the requests the budget test needs. */
  ratePerSec: number;
  /** The profile's rate (absent in reports before the plan could raise it). */
  profileRatePerSec?: number;
  budget: number;
  requests: number;
  failed: number;
  errorRate: number;
  /** The exact binomial test of the losses against the budget (absent in older reports). */
  budgetTest?: BudgetTest;
  /** Ms from the first request: when the restart was asked for, and when it reported done. */
  restart: { how: string; startedAtMs: number; finishedAtMs?: number; detail: string; ok: boolean };
  firstFailureAtMs?: number;
  lastFailureAtMs?: number;
  /** From the restart's start to the first success after the last failure (0 when nothing failed). */
  recoveryMs?: number;
  /** Failed requests by what they got. */
  failures: ObservedCounts;
  /** Pods that answered before the restart and after it: a new one proves the restart happened. */
  podsBefore: string[];
  podsAfter: string[];
  timeline: TimelineBin[];
}
