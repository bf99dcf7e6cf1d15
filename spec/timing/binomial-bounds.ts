// Exact binomial tails and one-sided Clopper–Pearson bounds, for decisions on a count of rare
// events (slow answers of a timing baseline, lost requests against an error budget). One copy
// for the harness's checks and the k6 scenarios, so it is runtime-neutral: no imports. That is
// also why it does not use simple-statistics' log-gamma as the rest of the harness would: the
// probabilities come from the ratio of consecutive binomial terms instead, which needs none.

/** ln P(X = i) for i = 0..n, X ~ Binomial(n, p), by the ratio of consecutive terms. */
function logPmfs(n: number, p: number): number[] {
  const out = new Array<number>(n + 1);
  if (p <= 0 || p >= 1) {
    for (let i = 0; i <= n; i++) out[i] = (p <= 0 ? i === 0 : i === n) ? 0 : -Infinity;
    return out;
  }
  const odds = Math.log(p) - Math.log1p(-p);
  out[0] = n * Math.log1p(-p);
  for (let i = 0; i < n; i++) out[i + 1] = out[i]! + Math.log(n - i) - Math.log(i + 1) + odds;
  return out;
}

function sumExp(logs: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += Math.exp(logs[i]!);
  return Math.min(1, sum);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return sumExp(logPmfs(n, p), k, n);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return sumExp(logPmfs(n, p), 0, k);
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
