// Evidence of disruption: traffic through a restart, the budget test and the moments that decided.
import type { ObservedCounts } from "../../check-kit/records.js";
import type { BudgetTest } from "../../check-kit/budget-test.js";

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
