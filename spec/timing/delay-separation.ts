// Telling an injected delay from a slow answer, from timing alone (Envoy marks no delayed
// response). One copy for the harness's fault-injection check and the k6 faults scenario:
// runtime-neutral, no runtime imports.
//
// An injected delay holds a request at least fixedDelay, and the client's clock starts before
// the proxy's, so a delayed request is never seen faster than the threshold: counting answers at
// or above it misses no delayed request. What it can add is undelayed answers that were merely
// slow (a busy client, gateway or host). So:
//
// - "too few at or above the threshold" is proof whatever the load: slowness only adds such
//   answers, never removes them;
// - "within the band" and "too many" need a bound on how many undelayed answers crossed. It is
//   measured at the same time: a baseline of requests to the same address with a host no route
//   serves (the gateway's own 404, no fault filter, no upstream), sent at the same moments so a
//   stall of the client or host hits it too, counted slow at half the threshold (the route has
//   an upstream hop the 404 lacks: a 2× margin); and the route's own answers between half the
//   threshold and the threshold (certainly undelayed, and slow: a tail that reaches the
//   threshold shows there first). The larger Clopper–Pearson upper bound of the two is the
//   stated false-positive rate; above `allowed` (δ/2) the two cannot be separated and the
//   result is `inconclusive`, never a fail.
import type { BandBounds } from "../band-bounds.ts";
import { lowerConfidenceBound, upperConfidenceBound } from "./binomial-bounds.ts";

/** Answers at or above this share of fixedDelay count as delayed: room for timer rounding, never a delayed answer missed. */
export const DELAY_THRESHOLD_FACTOR = 0.98;
/** The baseline and the route's own near misses are counted slow from this share of the threshold. */
export const SLOW_FACTOR = 0.5;
/** A host no route serves: the gateway answers it itself (404), so it measures the path without the fault filter. */
export const BASELINE_HOST = "meshcheck-baseline.invalid";

export interface DelaySeparation {
  /** Answers at or above this count as delayed. */
  thresholdMs: number;
  /** Baseline and near-miss answers at or above this count as slow. */
  slowMs: number;
  baseline: { host: string; requests: number; slow: number };
  /** The route's answers under thresholdMs, and those of them at or above slowMs. */
  route: { undelayed: number; slow: number };
  /** Upper bound (error ≤ err) on the share of undelayed answers counted as delayed. */
  falsePositiveBound: number;
  err: number;
  /** The most falsePositiveBound may be for a pass or an "too many delayed" fail (δ/2). */
  allowed: number;
  separated: boolean;
  /** Why the baseline could not be sent (then nothing is separated). */
  baselineError?: string;
  /** The test of the share at the threshold against [w − δ/2, w + δ] that decides a pass
   * (the harness's proportion evidence; kept opaque here, which imports nothing). */
  passTest?: object;
}

export function thresholdMs(fixedDelayMs: number): number {
  return Math.floor(fixedDelayMs * DELAY_THRESHOLD_FACTOR);
}

/** Baseline requests a decision needs at least: with none slow, the bound reaches `allowed`. */
export function baselineNeeded(allowed: number, err: number): number {
  return Math.ceil(Math.log(1 / err) / -Math.log1p(-allowed));
}

/** Counts the route's and the baseline's answers; `evidence()` states the false-positive bound. */
export class SeparationMeter {
  readonly thresholdMs: number;
  readonly slowMs: number;
  #baseline = { requests: 0, slow: 0 };
  #route = { undelayed: 0, slow: 0 };

  constructor(
    fixedDelayMs: number,
    readonly allowed: number,
    readonly err: number,
  ) {
    this.thresholdMs = thresholdMs(fixedDelayMs);
    this.slowMs = Math.floor(this.thresholdMs * SLOW_FACTOR);
  }

  isDelayed(latencyMs: number): boolean {
    return latencyMs >= this.thresholdMs;
  }

  /** A route answer; one without a latency cannot be placed and is not counted. */
  observeRoute(latencyMs: number): void {
    if (latencyMs >= this.thresholdMs) return;
    this.#route.undelayed++;
    if (latencyMs >= this.slowMs) this.#route.slow++;
  }

  /** A baseline answer; one without a latency (no answer) counts as slow: it cannot show the path is fast. */
  observeBaseline(latencyMs: number | undefined): void {
    this.#baseline.requests++;
    if (latencyMs === undefined || latencyMs >= this.slowMs) this.#baseline.slow++;
  }

  get baselineRequests(): number {
    return this.#baseline.requests;
  }

  get needed(): number {
    return baselineNeeded(this.allowed, this.err);
  }

  /**
   * The slow share of the baseline or of the route's near misses is above `allowed` already
   * (lower bound, error ≤ err): more answers would only confirm it, so a decision that needs the
   * separation cannot come. Sampling on serves only claims that need none ("too few delayed").
   */
  get hopeless(): boolean {
    const over = (slow: number, n: number) => lowerConfidenceBound(slow, n, this.err) > this.allowed;
    return over(this.#baseline.slow, this.#baseline.requests) || over(this.#route.slow, this.#route.undelayed);
  }

  evidence(): DelaySeparation {
    const b = upperConfidenceBound(this.#baseline.slow, this.#baseline.requests, this.err);
    const r = upperConfidenceBound(this.#route.slow, this.#route.undelayed, this.err);
    const falsePositiveBound = Math.max(b, r);
    return {
      thresholdMs: this.thresholdMs,
      slowMs: this.slowMs,
      baseline: { host: BASELINE_HOST, ...this.#baseline },
      route: { ...this.#route },
      falsePositiveBound,
      err: this.err,
      allowed: this.allowed,
      separated: falsePositiveBound <= this.allowed,
    };
  }
}

export type DelayJudgement = { status: "pass" | "fail" | "inconclusive"; why: string };

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

function falsePositives(sep: DelaySeparation): string {
  return `at most ${pct(sep.falsePositiveBound)} of undelayed answers reach ${sep.thresholdMs} ms (baseline ${sep.baseline.slow}/${sep.baseline.requests} and route ${sep.route.slow}/${sep.route.undelayed} at ≥ ${sep.slowMs} ms; error ≤ ${sep.err})`;
}

function notSeparated(sep: DelaySeparation): DelayJudgement {
  const unsent = sep.baselineError !== undefined ? ` (the baseline could not be sent: ${sep.baselineError})` : "";
  return { status: "inconclusive", why: `cannot tell delayed from slow: ${falsePositives(sep)}, more than the ${pct(sep.allowed)} allowed${unsent}` };
}

const TOO_FEW = (sep: DelaySeparation) =>
  `too few answers took ${sep.thresholdMs} ms or more, and slowness can only add such answers: the route delays fewer requests than it says`;

/** What the share test says about the answers at or above the threshold. */
export interface ShareAtThreshold {
  share: number;
  expectedShare: number;
  /** The pass band, weight ± δ. */
  band: readonly [number, number];
  /** The share's interval at the level of the claim the test made. */
  ci: readonly [number, number];
}

/**
 * The harness's sequential reading. The delayed share p lies in [s − q, s] for the share s of
 * answers at or above the threshold and the share q of undelayed answers that reached it; q̂, the
 * separation's bound, must be within `allowed` (δ/2) for anything but a low-side fail.
 * - `test` (s against w ± δ) failing low: fail as it is — slowness only raises s.
 * - `test` failing high: fail when `tooMany` (s above w + 3δ/2, a test of its own) says so;
 *   without that test, when the interval less q̂ is still above the band.
 * - `passTest` (s against [w − δ/2, w + δ]) passing: then p is within w ± δ. Without one (a
 *   delay of 0% or near 100%), `test` passing with its interval less q̂ inside the band.
 */
export function judgeDelay(test: "pass" | "fail" | "inconclusive", passTest: "pass" | "fail" | "inconclusive" | undefined, d: ShareAtThreshold, sep: DelaySeparation, tooMany?: boolean): DelayJudgement {
  const fp = falsePositives(sep);
  if (test === "fail" && d.share < d.expectedShare) return { status: "fail", why: TOO_FEW(sep) };
  if (!sep.separated) return notSeparated(sep);
  const low = d.ci[0] - sep.falsePositiveBound;
  const band = `${pct(d.band[0])}–${pct(d.band[1])}`;
  if (test === "fail" && tooMany === true) {
    return { status: "fail", why: `answers ≥ ${sep.thresholdMs} ms are above ${pct(d.band[1] + (d.band[1] - d.band[0]) / 4)} and ${fp}, so the delayed share is above the band ${band}: the route delays more requests than it says` };
  }
  if (test === "fail") {
    return tooMany === undefined && low > d.band[1]
      ? { status: "fail", why: `the delayed share is at least ${pct(low)} (answers ≥ ${sep.thresholdMs} ms from ${pct(d.ci[0])}, less the ${pct(sep.falsePositiveBound)} slow answers could add), above the band ${band}: the route delays more requests than it says (${fp})` }
      : { status: "inconclusive", why: `answers ≥ ${sep.thresholdMs} ms are above the band ${band}, but slow answers could account for the excess (${fp})` };
  }
  const half = (d.band[1] - d.band[0]) / 4;
  if (passTest === "pass") {
    return { status: "pass", why: `answers ≥ ${sep.thresholdMs} ms are within ${pct(d.band[0] + half)}–${pct(d.band[1])} and ${fp}, so the delayed share is within the band ${band}` };
  }
  if (passTest === undefined && test === "pass" && low >= d.band[0]) {
    return { status: "pass", why: `the delayed share lies within ${pct(low)}–${pct(d.ci[1])}, inside the band ${band}: ${fp}` };
  }
  return { status: "inconclusive", why: `answers ≥ ${sep.thresholdMs} ms are not shown within ${pct(d.band[0] + half)}–${pct(d.band[1])}, where slow answers could not have carried the delayed share out of the band ${band} (${fp})` };
}

/**
 * The k6 faults scenario's fixed sample, judged by the same rule. `low`/`high` are the planned
 * thresholds (lib/shares.ts planRates: expected ∓ δ, or exactly 0 or 1), sized so that a share
 * the mesh really shows crosses them by chance with probability ≤ α. The observed share of
 * answers at or above the threshold is the delayed share plus at most `fp` =
 * falsePositiveBound of false positives, so each claim keeps that margin:
 *
 * - observed < failLow: fail whatever the load (the delayed share is at most the observed one);
 * - not separated (fp > allowed): inconclusive;
 * - observed > max(failHigh, expected + δ) + fp: fail (even less every possible false positive,
 *   too many delayed; for an exact 0 the tolerance band, since no sample margin exists);
 * - passLow + fp ≤ observed ≤ passHigh: pass (the delayed share is at least the observed one
 *   less fp, so inside the pass bounds; for an exact rate, the band less fp);
 * - otherwise (within fp of a bound, or between a pass and a fail bound): inconclusive.
 */
export function judgeDelayShare(observed: number, rate: BandBounds & { expected: number }, delta: number, sep: DelaySeparation): DelayJudgement {
  const fp = sep.falsePositiveBound;
  const share = `${pct(observed)} of answers took ${sep.thresholdMs} ms or more`;
  if (observed < rate.failLow) return { status: "fail", why: `${share}, under ${pct(rate.failLow)}: ${TOO_FEW(sep)}` };
  if (!sep.separated) return notSeparated(sep);
  const tooMany = Math.max(rate.failHigh, rate.expected + delta) + fp;
  if (observed > tooMany) {
    return { status: "fail", why: `${share}, over ${pct(tooMany - fp)} by more than the ${pct(fp)} slowness can add (${falsePositives(sep)}): the route delays more requests than it says` };
  }
  const exact = rate.low === rate.high;
  const least = exact ? Math.max(rate.low, rate.expected - delta + fp) : rate.passLow + fp;
  if (observed >= least && observed <= rate.passHigh) {
    return { status: "pass", why: `${share}, within [${pct(least)}, ${pct(rate.passHigh)}] (the pass bounds of ${pct(rate.expected)} ± ${pct(delta)} less the ${pct(fp)} slowness can add: ${falsePositives(sep)})` };
  }
  return { status: "inconclusive", why: `${share}: between a pass and a fail bound, or within the ${pct(fp)} slowness can add of one (pass [${pct(least)}, ${pct(rate.passHigh)}], fail outside [${pct(rate.failLow)}, ${pct(tooMany)}]; ${falsePositives(sep)})` };
}
