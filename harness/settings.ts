// Statistical settings of proportion checks (the tolerance contract, harness/stats/README.md).
// The defaults live in one table shared with the k6 scenarios.
import { STATS_DEFAULTS } from "../spec/knobs.js";

export interface StatsSettings {
  /** Max probability that a fail is wrong (some share claimed outside weight ± delta while none is). */
  alpha: number;
  /** Max probability that a pass is wrong (every share claimed within weight ± delta while one is not). */
  beta: number;
  /** The tolerance: a share within weight ± delta (absolute) conforms. */
  delta: number;
  /** Request budget per proportion check; undecided after it → inconclusive. */
  budget: number;
}

export const DEFAULT_STATS: StatsSettings = { ...STATS_DEFAULTS };
