// Proportion thresholds for k6 under the tolerance contract (harness/stats/README.md): a share
// within weight ± δ conforms; pass claims every share is within (wrong ≤ β), fail claims one is
// outside (wrong ≤ α), and near the edge neither claim is made (inconclusive).
//
// k6 thresholds judge one fixed sample, so each share gets two pairs of bounds on its observed
// rate: the pass bounds, the band shrunk by m_β = z(1−β)·σ/√n, and the fail bounds, the band
// widened by m_α = z(1−α/t)·σ/√n (t = the guarded tails, Bonferroni; σ at the band's edge, the
// hardest point for both claims). Inside the pass bounds: pass. Outside the fail bounds: fail.
// Between them: inconclusive. k6 breaks a threshold in both of the last two cases (exit 99);
// the summary (lib/summary.ts) tells them apart: breaking only the inner bound is inconclusive.
// The normal approximation makes the error rates approximate, not exact as in the harness's
// sequential test. n is sized so a conforming mesh (p = w) passes, and a mesh 2δ off fails,
// except with probability α and β respectively.
// The defaults (α, β, δ) are not here: callers pass them, read from the knob table
// (spec/knobs.ts) by the k6 glue (k6/sample-settings.ts). The normal quantile is spec's, the one
// the harness's statistics use too.

import type { BandBounds } from "../../spec/band-bounds.ts";
import { upperQuantile } from "../../spec/normal-quantile.ts";
import { inRange, KNOBS, rangeText } from "../../spec/knobs.ts";

export interface ShareOptions {
  /** Tolerance on each destination's share, absolute (0.05 = ±5 points). */
  delta: number;
  /** Max probability that a fail is wrong. */
  alpha: number;
  /** Max probability that a pass is wrong. */
  beta: number;
  /** Never plan fewer requests than this. */
  minRequests?: number;
}

export interface DestinationBounds extends BandBounds {
  name: string;
  /** Expected share 0..1 (weight / 100). */
  share: number;
}

export interface SharePlan {
  requests: number;
  delta: number;
  alpha: number;
  beta: number;
  destinations: DestinationBounds[];
}

export type Verdict = "pass" | "fail" | "inconclusive";

export const MIN_CANARY_REQUESTS = 200;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const sd = (p: number) => Math.sqrt(clamp01(p) * (1 - clamp01(p)));

function checkOptions(opts: ShareOptions): { delta: number; alpha: number; beta: number } {
  const { delta, alpha, beta } = opts;
  for (const [name, value] of [["delta", delta], ["alpha", alpha], ["beta", beta]] as const) {
    if (!inRange(KNOBS[name], value)) throw new RangeError(`${name} must be ${rangeText(KNOBS[name])}, got ${value}`);
  }
  return { delta, alpha, beta };
}

/** One guarded side of one rate: the expected value, its band edge, and the value 2δ beyond the expected one. */
interface Tail {
  expected: number;
  edge: number;
  far: number;
}

function tailsOf(expected: number, delta: number, sides: "both" | "min"): Tail[] {
  const out: Tail[] = [];
  if (expected - delta > 0) out.push({ expected, edge: expected - delta, far: clamp01(expected - 2 * delta) });
  if (sides === "both" && expected + delta < 1) out.push({ expected, edge: expected + delta, far: clamp01(expected + 2 * delta) });
  return out;
}

/**
 * n such that, with z_a = z(1 − α/t) and z_b = z(1 − β), a rate at its expected value stays
 * inside the pass bound (edge ∓ m_β) except with probability α/t, and a rate 2δ off lands
 * beyond the fail bound (edge ± m_α) except with probability β:
 * √n ≥ (z_b·σ_edge + z_a·σ_expected) / δ and √n ≥ (z_a·σ_edge + z_b·σ_far) / δ.
 */
function sampleSize(tails: readonly Tail[], delta: number, za: number, zb: number, minRequests = MIN_CANARY_REQUESTS): number {
  let root = 0;
  for (const t of tails) {
    root = Math.max(root, (zb * sd(t.edge) + za * sd(t.expected)) / delta, (za * sd(t.edge) + zb * sd(t.far)) / delta);
  }
  return Math.max(minRequests, Math.ceil(root * root));
}

/** The pass and fail bounds of a rate with band [low, high] after n requests. */
function claimBounds(low: number, high: number, exact: boolean, n: number, za: number, zb: number): Pick<DestinationBounds, "passLow" | "passHigh" | "failLow" | "failHigh"> {
  if (exact) return { passLow: low, passHigh: high, failLow: low, failHigh: high };
  const lowGuarded = low > 0;
  const highGuarded = high < 1;
  return {
    passLow: lowGuarded ? round6(Math.min(1, low + (zb * sd(low)) / Math.sqrt(n))) : 0,
    passHigh: highGuarded ? round6(Math.max(0, high - (zb * sd(high)) / Math.sqrt(n))) : 1,
    failLow: lowGuarded ? round6(Math.max(0, low - (za * sd(low)) / Math.sqrt(n))) : 0,
    failHigh: highGuarded ? round6(Math.min(1, high + (za * sd(high)) / Math.sqrt(n))) : 1,
  };
}

export function planShares(weights: Record<string, number>, opts: ShareOptions): SharePlan {
  const { delta, alpha, beta } = checkOptions(opts);
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length < 2 || !(total > 0)) throw new RangeError("weights need two or more destinations and a positive sum");
  const shares = entries.map(([name, w]) => ({ name, share: w / total }));
  const tails = shares.flatMap((d) => (d.share === 0 || d.share === 1 ? [] : tailsOf(d.share, delta, "both")));
  const za = upperQuantile(alpha / Math.max(1, tails.length));
  const zb = upperQuantile(beta);
  const requests = sampleSize(tails, delta, za, zb, opts.minRequests);
  const destinations = shares.map(({ name, share }) => {
    // A weight of 0 or 100 is exact: the destination must get nothing, or everything.
    const exact = share === 0 || share === 1;
    const low = exact ? share : round6(clamp01(share - delta));
    const high = exact ? share : round6(clamp01(share + delta));
    return { name, share: round6(share), low, high, ...claimBounds(low, high, exact, requests, za, zb) };
  });
  return { requests, delta, alpha, beta, destinations };
}

/**
 * The band itself as the thresholds, sized so a share at its weight stays inside with
 * probability ≥ 1 − α and one 2δ off lands outside with probability ≥ 1 − α: the error-rate
 * share of the disruption scenario, which is not a proportion check under the tolerance
 * contract (no pass claim at the band's edge). Canary, faults and retries use planShares.
 */
export function planBandShares(weights: Record<string, number>, opts: Omit<ShareOptions, "beta">): SharePlan {
  const { delta, alpha } = checkOptions({ ...opts, beta: 0.01 });
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length < 2 || !(total > 0)) throw new RangeError("weights need two or more destinations and a positive sum");
  const z = upperQuantile(alpha / (2 * entries.length));
  let variance = 0;
  const destinations = entries.map(([name, w]) => {
    const share = w / total;
    const exact = share === 0 || share === 1;
    for (const q of [share, clamp01(share - 2 * delta), clamp01(share + 2 * delta)]) variance = Math.max(variance, q * (1 - q));
    const low = exact ? share : round6(clamp01(share - delta));
    const high = exact ? share : round6(clamp01(share + delta));
    // Pass and fail bounds coincide with the band: no inconclusive zone.
    return { name, share: round6(share), low, high, passLow: low, passHigh: high, failLow: low, failHigh: high };
  });
  const requests = Math.max(opts.minRequests ?? MIN_CANARY_REQUESTS, Math.ceil((z / delta) ** 2 * variance));
  return { requests, delta, alpha, beta: alpha, destinations };
}

/** Threshold expressions for one rate's bounds: the pass pair, then the fail pair (bounds at 0 or 1 guard nothing and are left out). */
function boundExpressions(b: Pick<DestinationBounds, "low" | "high" | "passLow" | "passHigh" | "failLow" | "failHigh">): string[] {
  if (b.low === b.high) return [`rate==${b.low}`];
  // A band plan (planBandShares) has one pair: the band.
  if (b.passLow === b.failLow && b.passHigh === b.failHigh) return [...(b.low > 0 ? [`rate>=${b.low}`] : []), ...(b.high < 1 ? [`rate<=${b.high}`] : [])];
  return [
    ...(b.low > 0 ? [`rate>=${b.passLow}`] : []),
    ...(b.high < 1 ? [`rate<=${b.passHigh}`] : []),
    ...(b.low > 0 ? [`rate>=${b.failLow}`] : []),
    ...(b.high < 1 ? [`rate<=${b.failHigh}`] : []),
  ];
}

/** k6 thresholds for a plan: per-destination pass and fail bounds on `metric{destination:d}`, a request minimum on `countMetric`. */
export function shareThresholds(plan: SharePlan, metric: string, countMetric: string, extraTags = ""): Record<string, string[]> {
  const tags = extraTags ? `,${extraTags}` : "";
  const out: Record<string, string[]> = {};
  for (const d of plan.destinations) out[`${metric}{destination:${d.name}${tags}}`] = boundExpressions(d);
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

type Bounded = Pick<DestinationBounds, "low" | "high" | "passLow" | "passHigh" | "failLow" | "failHigh">;
const EPS = 1e-12;

/** What the thresholds decide for one observed rate. */
function judge(b: Bounded, x: number): Verdict {
  if (b.low === b.high) return Math.abs(x - b.low) <= EPS ? "pass" : "fail";
  if (x < b.failLow - EPS || x > b.failHigh + EPS) return "fail";
  return x >= b.passLow - EPS && x <= b.passHigh + EPS ? "pass" : "inconclusive";
}

/** Fail if any rate fails; pass if all pass; else inconclusive. A run shorter than the plan claims nothing. */
function combine(verdicts: Verdict[], requests: number, planned: number): Verdict {
  if (verdicts.includes("fail")) return "fail";
  if (requests < planned) return "inconclusive";
  return verdicts.every((v) => v === "pass") ? "pass" : "inconclusive";
}

/** What k6's thresholds will decide for these shares (evaluated here for tests and reports). */
export function shareVerdict(plan: SharePlan, shares: Record<string, number>, requests: number): Verdict {
  return combine(plan.destinations.map((d) => judge(d, shares[d.name] ?? 0)), requests, plan.requests);
}

/** Would these shares pass (the pass claim)? */
export function sharesPass(plan: SharePlan, shares: Record<string, number>, requests: number): boolean {
  return shareVerdict(plan, shares, requests) === "pass";
}

// Rates that are not one split: the fault shares (abort and delay are drawn independently, so
// they do not sum to 1) and the retries' success rate (a floor: the band is [expected − δ, 1],
// more success is never a violation). Same contract and bounds as the canary's plan.

export interface RateSpec {
  /** Names the rate in reports and thresholds (a k6 tag value). */
  name: string;
  /** The rate a conforming mesh shows, 0..1. */
  expected: number;
  /** `both`: within expected ± δ; `min`: at least expected − δ. */
  sides: "both" | "min";
}

export interface RateBounds extends RateSpec, BandBounds {}

export interface RatePlan {
  requests: number;
  delta: number;
  alpha: number;
  beta: number;
  rates: RateBounds[];
}

export function planRates(specs: readonly RateSpec[], opts: ShareOptions): RatePlan {
  const { delta, alpha, beta } = checkOptions(opts);
  if (specs.length === 0) throw new RangeError("planRates needs at least one rate");
  for (const s of specs) {
    if (!(s.expected >= 0 && s.expected <= 1)) throw new RangeError(`rate ${s.name}: expected must be in [0, 1], got ${s.expected}`);
    // A floor at or below δ holds whatever happens: a threshold that cannot fail is no check.
    if (s.sides === "min" && !(s.expected - delta > 0)) throw new RangeError(`rate ${s.name}: a minimum of ${s.expected} less δ bounds nothing`);
  }
  // 0 and 1 are exact (nothing, or everything), as for canary weights.
  const isExact = (s: RateSpec) => s.expected === 1 || (s.sides === "both" && s.expected === 0);
  const tails = specs.flatMap((s) => (isExact(s) ? [] : tailsOf(s.expected, delta, s.sides)));
  const za = upperQuantile(alpha / Math.max(1, tails.length));
  const zb = upperQuantile(beta);
  const requests = tails.length === 0 ? (opts.minRequests ?? MIN_CANARY_REQUESTS) : sampleSize(tails, delta, za, zb, opts.minRequests);
  const rates = specs.map((s): RateBounds => {
    const exact = isExact(s);
    const low = exact ? s.expected : round6(clamp01(s.expected - delta));
    const high = exact ? s.expected : s.sides === "min" ? 1 : round6(clamp01(s.expected + delta));
    return { ...s, low, high, ...claimBounds(low, high, exact, requests, za, zb) };
  });
  return { requests, delta, alpha, beta, rates };
}

/** The k6 threshold expressions for one planned rate (the caller names the metric and its tags). */
export function rateThresholds(r: RateBounds): string[] {
  return boundExpressions(r);
}

/** What k6's thresholds will decide for these rates (evaluated here for tests and reports). */
export function rateVerdict(plan: RatePlan, observed: Record<string, number>, requests: number): Verdict {
  return combine(plan.rates.map((r) => judge(r, observed[r.name] ?? 0)), requests, plan.requests);
}

/** Would these rates pass (the pass claim)? */
export function ratesPass(plan: RatePlan, observed: Record<string, number>, requests: number): boolean {
  return rateVerdict(plan, observed, requests) === "pass";
}
