// Evidence of retries: the success rate against its minimum.
import type { Convergence, ObservedCounts } from "../../check-kit/records.js";
import type { MinimumRateEvidence } from "../../stats/index.js";

export interface RetriesEvidence {
  kind: "retries";
  convergence?: Convergence;
  attempts: number;
  retryOn: string;
  failRatio: number;
  rate: MinimumRateEvidence;
  /** Requests that did not succeed, by what they got. */
  failures: ObservedCounts;
}
