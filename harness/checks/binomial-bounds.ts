// Exact binomial tails and Clopper–Pearson bounds, for the checks that judge a count of rare
// events (lost requests against an error budget, slow answers of a timing baseline). The
// proportion checks' sequential tests live in ../stats; these are one-shot and exact.
// simple-statistics gives the log-gamma; the tail sum is a few lines, so no further library.
import { gammaln } from "simple-statistics";

function logPmf(i: number, n: number, p: number): number {
  if (p <= 0) return i === 0 ? 0 : -Infinity;
  if (p >= 1) return i === n ? 0 : -Infinity;
  return gammaln(n + 1) - gammaln(i + 1) - gammaln(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  for (let i = k; i <= n; i++) sum += Math.exp(logPmf(i, n, p));
  return Math.min(1, sum);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(logPmf(i, n, p));
  return Math.min(1, sum);
}

/** The root of a function decreasing in p on [0, 1], by bisection (60 halvings: below 1e-15). */
function bisect(f: (p: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * One-sided Clopper–Pearson upper bound: the largest p with P(X ≤ k | n, p) ≥ err. The true
 * rate exceeds it with probability ≤ err. With nothing observed (n = 0) it is 1.
 */
export function upperConfidenceBound(k: number, n: number, err: number): number {
  if (n === 0 || k >= n) return 1;
  return bisect((p) => binomialLowerTail(k, n, p) - err);
}

/** One-sided Clopper–Pearson lower bound: the smallest p with P(X ≥ k | n, p) ≥ err. */
export function lowerConfidenceBound(k: number, n: number, err: number): number {
  if (n === 0 || k <= 0) return 0;
  return bisect((p) => err - binomialUpperTail(k, n, p));
}
