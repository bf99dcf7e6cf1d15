// The standard normal quantile, runtime-neutral, for the k6 scenarios' sample sizes
// (scenarios/lib/shares.ts) and the harness's confidence intervals (harness/stats/wilson.ts)
// alike. Written here rather than taken from simple-statistics because k6 cannot load npm
// packages, and simple-statistics' probit is itself a coarse approximation (1.9572 for 1.9600).
// Acklam's rational approximation: relative error below 1.2e-9 over (0, 1)
// (test/stats/normal-quantile.test.ts checks it against reference values).

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
/** Below this (and above 1 − this) the tail formula applies. */
const P_LOW = 0.02425;

/** Φ⁻¹(p): the z with P(Z ≤ z) = p. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** The z with P(Z > z) = tail; for small tails this avoids rounding 1 − tail. */
export function upperQuantile(tail: number): number {
  return -normalQuantile(tail);
}

/** Two-sided critical value: the z with P(|Z| > z) = 1 − level. */
export function twoSidedCriticalValue(level: number): number {
  return upperQuantile((1 - level) / 2);
}
