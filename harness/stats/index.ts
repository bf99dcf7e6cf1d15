// Statistics for proportion checks. Method and guarantees: ./README.md.
export type {
  DestinationEvidence,
  ProportionEvidence,
  ProportionResult,
  ProportionSpec,
  ProportionVerdict,
  ShareFinding,
  TracePoint,
} from "./types.js";
export { DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_BUDGET, DEFAULT_DELTA, resolveSpec, type ResolvedSpec } from "./defaults.js";
export { validateWeights } from "./weights.js";
export { bandOf, METHOD, minimumRequestsToPass, SequentialProportionTest } from "./proportion-test.js";
export { BetaMixture } from "./beta-mixture.js";
export { BernoulliSprt, type SprtState } from "./sprt.js";
export { wilsonInterval } from "./wilson.js";
export { twoSidedCriticalValue } from "../../spec/normal-quantile.js";
export { MINIMUM_RATE_METHOD, MinimumRateTest, type MinimumRateEvidence, type MinimumRateSpec } from "./minimum-rate.js";
export { fisherExactTest, type FisherExactResult } from "./fisher-exact.js";
