// How many requests a decision would need if the observed share held still: the smallest n at
// which the confidence sequence (same prior, counts share·n and (1−share)·n) would clear the
// band's edge at the claim's level. An estimate for the inconclusive sentence, not a promise.
import { gammaln } from "simple-statistics";

const LIMIT = 1e9;

function logBeta(x: number, y: number): number {
  return gammaln(x) + gammaln(y) - gammaln(x + y);
}

/** ln M_n(edge) for a Beta(a, b) mixture after n trials at `share`. */
function logRatioAt(n: number, share: number, edge: number, a: number, b: number): number {
  const s = share * n;
  const f = n - s;
  const ll = (s === 0 ? 0 : s * Math.log(edge)) + (f === 0 ? 0 : f * Math.log1p(-edge));
  return logBeta(a + s, b + f) - logBeta(a, b) - ll;
}

/**
 * Requests (≥ from) after which every edge in `edges` is excluded at `level`, or undefined when
 * no number up to 10⁹ would do (the share sits on an edge, or too close to it).
 */
export function requestsNeeded(share: number, edges: number[], level: number, a: number, b: number, from: number): number | undefined {
  const threshold = -Math.log(level);
  const clears = (n: number): boolean => edges.every((e) => e !== share && logRatioAt(n, share, e, a, b) >= threshold);
  let hi = Math.max(1, from);
  while (!clears(hi)) {
    hi *= 2;
    if (hi > LIMIT) return undefined;
  }
  let lo = Math.max(1, Math.floor(hi / 2));
  if (clears(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clears(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
