// Two independent samples, one proportion each: did it change? Fisher's exact test on the 2×2
// table (successes and failures of each sample), whose p-values hold at any sample size — the
// normal approximation does not when a tail has a handful of requests (one slow answer in ten
// is not evidence of a slower p99). Used by `meshcheck diff`. simple-statistics has no
// two-sample proportion test; its gammaln gives the hypergeometric terms.
import { gammaln } from "simple-statistics";

export interface FisherExactResult {
  /** P(a table at most as likely as the one observed): the proportions differ. */
  pTwoSided: number;
  /** P(the second sample has at least its successes): the second proportion is larger. */
  pSecondLarger: number;
  /** P(the second sample has at most its successes): the second proportion is smaller. */
  pSecondSmaller: number;
}

const lnChoose = (n: number, k: number): number => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

/** `k1` successes of `n1` in the first sample, `k2` of `n2` in the second. */
export function fisherExactTest(k1: number, n1: number, k2: number, n2: number): FisherExactResult {
  for (const [k, n, which] of [[k1, n1, "first"], [k2, n2, "second"]] as const) {
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`fisherExactTest: ${which} sample needs integers 0 ≤ k ≤ n, n ≥ 1 (got ${k} of ${n})`);
  }
  // Given both margins, the second sample's successes are hypergeometric: n2 draws from n1 + n2
  // with k1 + k2 successes.
  const total = n1 + n2;
  const successes = k1 + k2;
  const lo = Math.max(0, n2 - (total - successes));
  const hi = Math.min(successes, n2);
  const lnAll = lnChoose(total, n2);
  const prob = (x: number): number => Math.exp(lnChoose(successes, x) + lnChoose(total - successes, n2 - x) - lnAll);
  const observed = prob(k2);
  let larger = 0;
  let smaller = 0;
  let asExtreme = 0;
  for (let x = lo; x <= hi; x++) {
    const p = prob(x);
    if (x >= k2) larger += p;
    if (x <= k2) smaller += p;
    // Relative slack: tables exactly as likely must count despite rounding in the log terms.
    if (p <= observed * (1 + 1e-7)) asExtreme += p;
  }
  return { pTwoSided: Math.min(1, asExtreme), pSecondLarger: Math.min(1, larger), pSecondSmaller: Math.min(1, smaller) };
}
