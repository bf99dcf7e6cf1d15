// Statistical settings of proportion checks (DESIGN.md statistics contract).
export interface StatsSettings {
  /** Max probability of failing a conforming mesh. */
  alpha: number;
  /** Max probability of passing a mesh whose share is off by >= delta. */
  beta: number;
  /** Absolute share difference that must be caught. */
  delta: number;
  /** Request budget per proportion check; undecided after it → inconclusive. */
  budget: number;
}

export const DEFAULT_STATS: StatsSettings = { alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000 };
