// Honest Monte Carlo bounds: with N runs and a true error rate of `rate`, the smallest count
// k such that P(X ≥ k) ≤ tiny. Observing k or more would mean the rate is above `rate`
// (or a one-in-1/tiny accident, which fixed seeds make impossible to flake on).
import { gammaln } from "simple-statistics";

function logBinomialPmf(n: number, k: number, p: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

export function binomialUpperTail(n: number, p: number, k: number): number {
  let tail = 0;
  for (let j = k; j <= n; j++) tail += Math.exp(logBinomialPmf(n, j, p));
  return Math.min(1, tail);
}

export function rejectionCount(n: number, rate: number, tiny = 1e-6): number {
  let k = Math.floor(n * rate);
  while (k <= n && binomialUpperTail(n, rate, k) > tiny) k += 1;
  return k;
}
