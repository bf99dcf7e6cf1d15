// The seam between proportion checks (canary split, fault ratio, retry share) and the
// statistics that decide them. Checks feed one observed destination per response.

/** What a proportion check expects, and the error rates it must keep. */
export interface ProportionSpec {
  /** Expected share per destination, in percent; sums to 100. Order is kept in the evidence. */
  weights: Record<string, number>;
  /** Max probability that `fail` is wrong, i.e. that every share was within weight ± delta (default 0.001). */
  alpha?: number;
  /** Max probability that `pass` is wrong, i.e. that some share was outside weight ± delta (default 0.01). */
  beta?: number;
  /** The tolerance: a share within weight ± delta (absolute, a fraction) conforms (default 0.05 = 5 points). */
  delta?: number;
  /** Most requests to spend before answering `inconclusive` (default 5000). */
  budget?: number;
}

export type ProportionVerdict = "pass" | "fail" | "inconclusive";

/** What the data say about one destination's share against its band. */
export type ShareFinding = "within" | "outside" | "undecided";

export interface DestinationEvidence {
  name: string;
  /** Weight as a fraction (0..1). */
  expectedShare: number;
  /** Requests this destination answered. */
  observed: number;
  /** observed / requests (0 before any request). */
  share: number;
  /** The tolerance band: weight ± delta, clipped to [0, 1]; [0, 0] for a destination that must get nothing. */
  band: [number, number];
  /** Anytime-valid confidence interval for the share, at ciLevel (the level of the claim made). */
  ci: [number, number];
  ciLevel: number;
  /** within: ci (at 1 − β) inside the band; outside: ci (at 1 − α) clear of it; else undecided. */
  finding: ShareFinding;
}

export interface TracePoint {
  requests: number;
  shares: Record<string, number>;
  /** Pass-claim (1 − β) interval per destination at this point. */
  intervals?: Record<string, [number, number]>;
}

export interface ProportionEvidence {
  method: string;
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
  requests: number;
  /** Weights order first, then the unexpected destination (if one answered). */
  destinations: DestinationEvidence[];
  /**
   * Anytime-valid p-value for "every share lies within its band" (Bonferroni over the
   * destinations tested); fail ⇔ pValue ≤ alpha. 0 after a weight-0 or unexpected hit.
   */
  pValue: number;
  /** For an inconclusive result: requests a decision would need if the shares stayed as observed (absent when no finite number would do). */
  requestsNeeded?: number;
  /** The destination that answered although it is not in the weights. */
  unexpected?: string;
  /** One true sentence about the data: the claim, or why no claim can be made. */
  reason: string;
  /** Running shares and intervals at log-spaced request counts (≤ 200 points), for the report chart. */
  trace?: TracePoint[];
}

export interface ProportionResult {
  verdict: ProportionVerdict;
  evidence: ProportionEvidence;
}
