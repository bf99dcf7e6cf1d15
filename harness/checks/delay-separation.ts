// Telling an injected delay from a slow answer: the rule (threshold, baseline host, the
// Clopper–Pearson false-positive bound, the verdicts it allows) lives in
// scenarios/lib/delay-separation.ts (runtime-neutral), shared with the k6 faults scenario: one
// implementation. How many baseline requests go with each round is the harness's own choice.
export {
  BASELINE_HOST,
  baselineNeeded,
  DELAY_THRESHOLD_FACTOR,
  judgeDelay,
  SeparationMeter,
  SLOW_FACTOR,
  thresholdMs,
  type DelayJudgement,
  type DelaySeparation,
  type ShareAtThreshold,
} from "../../scenarios/lib/delay-separation.js";

/** Baseline requests sent with every round, per route request. */
export const BASELINE_RATIO = 0.5;
