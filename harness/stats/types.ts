// The seam between proportion checks (canary split, fault ratio, retry share) and the
// statistics that decide them. Checks feed one observed destination per response.

/** What a proportion check expects, and the error rates it must keep. */
export interface ProportionSpec {
  /** Expected share per destination, in percent; sums to 100. Order is kept in the evidence. */
  weights: Record<string, number>;
  /** Max probability of failing a conforming mesh (default 0.001). */
  alpha?: number;
  /** Max probability of passing a mesh whose share of some destination is off by ≥ delta (default 0.01). */
  beta?: number;
  /** Smallest absolute share error that must be caught, as a fraction (default 0.05 = 5 points). */
  delta?: number;
  /** Most requests to spend before answering `inconclusive` (default 5000). */
  budget?: number;
}

export type ProportionVerdict = "pass" | "fail" | "inconclusive";

export interface DestinationEvidence {
  name: string;
  /** Weight as a fraction (0..1). */
  expectedShare: number;
  /** Requests this destination answered. */
  observed: number;
  /** observed / requests (0 before any request). */
  share: number;
  /** Wilson score interval for the share, at ciLevel. */
  ci: [number, number];
  ciLevel: number;
}

export interface TracePoint {
  requests: number;
  shares: Record<string, number>;
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
  /** Anytime-valid p-value for "shares equal the weights" (Bonferroni over the SPRTs). */
  pValue: number;
  /** The destination that answered although it is not in the weights. */
  unexpected?: string;
  /** One sentence a person can act on. */
  reason: string;
  /** Running shares at log-spaced request counts (≤ 200 points), for the report chart. */
  trace?: TracePoint[];
}

export interface ProportionResult {
  verdict: ProportionVerdict;
  evidence: ProportionEvidence;
}
