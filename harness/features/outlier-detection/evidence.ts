// Evidence of outlier-detection: the warm-up and the sequential test after the ejection.
import type { ObservedCounts } from "../../check-kit/records.js";

/** The sequential test after the ejection: H0 "failures at the unejected share" vs H1 "no failures". */
export interface EjectionTest {
  requests: number;
  observed: ObservedCounts;
  failures: number;
  /** Share of requests that would fail with nothing ejected (from the endpoints' fail ratios). */
  p0: number;
  /** The failure share an ejecting mesh may still show (p0 / 10: a stray request before the ejection applied); absent in older reports, where it was 0. */
  p1?: number;
  /** Chance of passing a mesh that ejects nothing (β), and of failing one that ejects (α). */
  beta: number;
  alpha: number;
  /** The test must decide while the failing endpoints are still ejected: from the last warm-up send for this long. */
  windowMs: number;
  /** Requests answered after the window, not counted (absent in older reports). */
  late?: number;
  state: "running" | "accept-null" | "reject-null";
}

export interface OutlierDetectionEvidence {
  kind: "outlier-detection";
  consecutiveErrors: number;
  baseEjectionTimeMs: number;
  intervalMs: number;
  maxEjectionPercent: number;
  /** Destinations whose requests fail (failRatio > 0). */
  failing: string[];
  warmup: {
    requests: number;
    observed: ObservedCounts;
    /** Every failing destination failed consecutiveErrors times in a row. */
    reached: boolean;
    elapsedMs: number;
  };
  afterEjection: EjectionTest;
}
