// Evidence of canary-split: the proportion test and what was not an answer.
import type { Convergence, ObservedCounts } from "../../check-kit/records.js";
import type { ProportionEvidence } from "../../stats/index.js";

export interface CanaryEvidence {
  kind: "canary";
  convergence?: Convergence;
  proportion: ProportionEvidence;
  /** Requests that got no identified 2xx answer, by what they got. */
  nonAnswers: ObservedCounts;
}
