// Which planned checks may run at the same time: waves, run one after another, each with a
// number of slots (how many of its checks run at once). The rule, from each check's declared
// concurrency class (../check-kit/types.ts ConcurrencyClass), which a check may give per target:
//
//   concurrency 1  → one wave, one slot: every check alone, in the plan's order (the old runner)
//   otherwise      → wave 1: the light and bulk checks, `concurrency` at a time (they decide on
//                             counts, and no two of them touch the same state in the mesh);
//                    wave 2: the timing checks, one at a time, nothing else running (a verdict
//                             that reads latency must not share the machine with bulk traffic);
//                    wave 3: the exclusive checks, one at a time, nothing else running (a
//                             restart changes what every other check routes to).
//
// Within a wave checks start longest known wait first, then in the plan's order; the report
// keeps the plan's order whatever order they start or finish in.

import type { ConcurrencyClass } from "../check-kit/types.js";
import type { PlannedCheck } from "./select.js";

export interface Wave {
  /** The classes this wave holds (for docs, tests and the bench). */
  classes: readonly ConcurrencyClass[];
  /** How many of its checks run at once. */
  slots: number;
  checks: PlannedCheck[];
}

const WAVES: readonly { classes: readonly ConcurrencyClass[]; shared: boolean }[] = [
  { classes: ["light", "bulk"], shared: true },
  { classes: ["timing"], shared: false },
  { classes: ["exclusive"], shared: false },
];

/** A planned check's class: its definition's, or the one it gives for this target. */
export function concurrencyClassOf(p: PlannedCheck): ConcurrencyClass {
  return p.definition.concurrencyFor?.(p.target) ?? p.definition.concurrency;
}

/**
 * A wave's checks in the order they start: those with a known least duration (a wait) first,
 * longest first, the rest in the plan's order. A 10 s wait started last would end the wave 10 s
 * after everything else; started first, the others run while it waits.
 */
function longestFirst(checks: PlannedCheck[]): PlannedCheck[] {
  const least = (p: PlannedCheck) => p.definition.minDurationMs?.(p.target) ?? 0;
  return checks.map((p, i) => ({ p, i, ms: least(p) })).sort((a, b) => b.ms - a.ms || a.i - b.i).map((x) => x.p);
}

export function planWaves(planned: readonly PlannedCheck[], concurrency: number): Wave[] {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  if (concurrency === 1) return planned.length === 0 ? [] : [{ classes: ["light", "bulk", "timing", "exclusive"], slots: 1, checks: [...planned] }];
  return WAVES.map((w) => ({
    classes: w.classes,
    slots: w.shared ? concurrency : 1,
    checks: longestFirst(planned.filter((p) => w.classes.includes(concurrencyClassOf(p)))),
  })).filter((w) => w.checks.length > 0);
}
