// Canary share thresholds for k6: every request adds one sample per destination to a Rate
// metric tagged {destination: d} (true when d answered), so each submetric's rate is d's share;
// the verdict is the thresholds `rate>=w-δ` and `rate<=w+δ`, plus a minimum request count so a
// short run cannot pass. k6 thresholds are fixed-sample, so the sample size is chosen up front:
// a conforming mesh stays inside w±δ with probability ≥ 1−α (normal approximation, Bonferroni
// over destinations), and a mesh off by 2δ or more lands outside with probability ≥ 1−α too
// (the variance used is the larger of the two). The harness's sequential test is sharper; this
// is what k6's threshold model allows.

export interface ShareOptions {
  /** Tolerance on each destination's share, absolute (0.05 = ±5 points). */
  delta: number;
  /** Chance a conforming mesh fails, over all destinations. */
  alpha: number;
  /** Never plan fewer requests than this. */
  minRequests?: number;
}

export interface DestinationBounds {
  name: string;
  /** Expected share 0..1 (weight / 100). */
  share: number;
  low: number;
  high: number;
}

export interface SharePlan {
  requests: number;
  delta: number;
  alpha: number;
  destinations: DestinationBounds[];
}

export const DEFAULT_DELTA = 0.05;
export const DEFAULT_ALPHA = 0.001;
export const MIN_CANARY_REQUESTS = 200;

/** Standard normal quantile Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function planShares(weights: Record<string, number>, opts: ShareOptions): SharePlan {
  const { delta, alpha } = opts;
  if (!(delta > 0 && delta < 0.5)) throw new RangeError(`delta must be in (0, 0.5), got ${delta}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length < 2 || !(total > 0)) throw new RangeError("weights need two or more destinations and a positive sum");
  const destinations = entries.map(([name, w]) => {
    const share = w / total;
    // A weight of 0 or 100 is exact: the destination must get nothing, or everything.
    const exact = share === 0 || share === 1;
    return { name, share: round6(share), low: exact ? share : round6(clamp01(share - delta)), high: exact ? share : round6(clamp01(share + delta)) };
  });
  const z = normalQuantile(1 - alpha / (2 * entries.length));
  const requests = sampleSize(z, delta, destinations.map((d) => d.share), "both", opts.minRequests);
  return { requests, delta, alpha, destinations };
}

/**
 * n = ⌈(z/δ)² · v⌉, v the largest p(1 − p) over each expected rate and the rates 2δ away on the
 * side(s) a threshold guards: the conforming mesh's variance bounds its false alarms, the 2δ-off
 * mesh's its misses.
 */
function sampleSize(z: number, delta: number, expected: readonly number[], sides: "both" | "min", minRequests = MIN_CANARY_REQUESTS): number {
  const variance = Math.max(
    0,
    ...expected.flatMap((p) => [p, clamp01(p - 2 * delta), ...(sides === "both" ? [clamp01(p + 2 * delta)] : [])].map((q) => q * (1 - q))),
  );
  return Math.max(minRequests, Math.ceil((z / delta) ** 2 * variance));
}

/** k6 thresholds for a plan: per-destination share bounds on `metric{destination:d}`, a request minimum on `countMetric`. */
export function shareThresholds(plan: SharePlan, metric: string, countMetric: string, extraTags = ""): Record<string, string[]> {
  const tags = extraTags ? `,${extraTags}` : "";
  const out: Record<string, string[]> = {};
  for (const d of plan.destinations) {
    out[`${metric}{destination:${d.name}${tags}}`] = d.low === d.high ? [`rate==${d.low}`] : [`rate>=${d.low}`, `rate<=${d.high}`];
  }
  out[extraTags ? `${countMetric}{${extraTags}}` : countMetric] = [`count>=${plan.requests}`];
  return out;
}

/** The shares a sequence of observations shows, for reports and tests. */
export function observedShares(observed: readonly string[], destinations: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(destinations.map((d) => [d, 0]));
  if (observed.length === 0) return out;
  for (const d of destinations) out[d] = observed.filter((o) => o === d).length / observed.length;
  return out;
}

/** Would these shares pass the plan's thresholds? (What k6 will decide, evaluated here for tests.) */
export function sharesPass(plan: SharePlan, shares: Record<string, number>, requests: number): boolean {
  if (requests < plan.requests) return false;
  return plan.destinations.every((d) => {
    const s = shares[d.name] ?? 0;
    return s >= d.low - 1e-12 && s <= d.high + 1e-12;
  });
}

// Rates that are not one split: the fault shares (abort and delay are drawn independently, so
// they do not sum to 1) and the retries' success rate (a minimum, not a target — more success
// is never a violation). Same contract as the canary's plan: a conforming mesh fails with
// probability ≤ α (Bonferroni over every guarded tail), a mesh 2δ off on a guarded side passes
// with probability ≤ α.

export interface RateSpec {
  /** Names the rate in reports and thresholds (a k6 tag value). */
  name: string;
  /** The rate a conforming mesh shows, 0..1. */
  expected: number;
  /** `both`: within expected ± δ; `min`: at least expected − δ. */
  sides: "both" | "min";
}

export interface RateBounds extends RateSpec {
  low: number;
  high: number;
}

export interface RatePlan {
  requests: number;
  delta: number;
  alpha: number;
  rates: RateBounds[];
}

export function planRates(specs: readonly RateSpec[], opts: ShareOptions): RatePlan {
  const { delta, alpha } = opts;
  if (!(delta > 0 && delta < 0.5)) throw new RangeError(`delta must be in (0, 0.5), got ${delta}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  if (specs.length === 0) throw new RangeError("planRates needs at least one rate");
  const rates = specs.map((s): RateBounds => {
    if (!(s.expected >= 0 && s.expected <= 1)) throw new RangeError(`rate ${s.name}: expected must be in [0, 1], got ${s.expected}`);
    // A minimum of 0 holds whatever happens: a threshold that cannot fail is no check.
    if (s.sides === "min" && s.expected === 0) throw new RangeError(`rate ${s.name}: a minimum of 0 bounds nothing`);
    // 0 and 1 are exact (nothing, or everything), as for canary weights.
    const exact = s.expected === 1 || (s.sides === "both" && s.expected === 0);
    if (exact) return { ...s, low: s.expected, high: s.expected };
    return { ...s, low: round6(clamp01(s.expected - delta)), high: s.sides === "min" ? 1 : round6(clamp01(s.expected + delta)) };
  });
  const sampled = rates.filter((r) => r.low !== r.high);
  const tails = sampled.reduce((n, r) => n + (r.sides === "both" ? 2 : 1), 0);
  const requests =
    tails === 0
      ? (opts.minRequests ?? MIN_CANARY_REQUESTS)
      : Math.max(...(["both", "min"] as const).map((side) => sampleSize(normalQuantile(1 - alpha / tails), delta, sampled.filter((r) => r.sides === side).map((r) => r.expected), side, opts.minRequests)));
  return { requests, delta, alpha, rates };
}

/** The k6 threshold expressions for one planned rate (the caller names the metric and its tags). */
export function rateThresholds(r: RateBounds): string[] {
  if (r.low === r.high) return [`rate==${r.low}`];
  return r.high >= 1 ? [`rate>=${r.low}`] : [`rate>=${r.low}`, `rate<=${r.high}`];
}

/** Would these rates pass the plan's thresholds? (What k6 will decide, evaluated here for tests.) */
export function ratesPass(plan: RatePlan, observed: Record<string, number>, requests: number): boolean {
  if (requests < plan.requests) return false;
  return plan.rates.every((r) => {
    const x = observed[r.name] ?? 0;
    return x >= r.low - 1e-12 && x <= r.high + 1e-12;
  });
}
