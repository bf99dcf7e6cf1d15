// The statistics defaults, in one table that the harness (harness/settings.ts,
// harness/stats/defaults.ts) and the k6 scenarios (lib/shares.ts) all read. Runtime-neutral:
// imports nothing. Why these values: harness/stats/README.md "Defaults".
export const STATS_DEFAULTS = {
  /** Max probability that a fail is wrong (says a share is outside weight ± δ when none is). */
  alpha: 0.001,
  /** Max probability that a pass is wrong (says every share is within weight ± δ when one is not). */
  beta: 0.01,
  /** The tolerance: a share within weight ± δ (absolute) conforms. */
  delta: 0.05,
  /** Most requests a sequential proportion check spends before answering inconclusive. */
  budget: 5000,
} as const;
