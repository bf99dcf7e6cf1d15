// Seeded simulation of a mesh's destination stream, shared by the Monte Carlo tests and
// bench/stats. Draws destinations directly (no network) so thousands of runs take seconds.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { ProportionVerdict } from "../../harness/stats/index.js";

/** True shares of the simulated mesh, as fractions summing to 1. */
export type TrueShares = Record<string, number>;

export type Sampler = () => string;

export function seededRng(seed: number): RandomGenerator {
  return xoroshiro128plus(seed);
}

/** A sampler drawing each request's destination independently (Envoy picks per request). */
export function destinationSampler(shares: TrueShares, rng: RandomGenerator): Sampler {
  const names = Object.keys(shares);
  const cumulative: number[] = [];
  let acc = 0;
  for (const n of names) {
    acc += shares[n] ?? 0;
    cumulative.push(acc);
  }
  const last = names[names.length - 1] ?? "";
  return () => {
    const u = uniformFloat64(rng) * acc;
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] ?? 0)) return names[i] ?? last;
    return last;
  };
}

/** Anything that consumes a destination stream and reaches a verdict. */
export type Decider = (sample: Sampler) => { verdict: ProportionVerdict; requests: number };

export interface Tally {
  runs: number;
  pass: number;
  fail: number;
  inconclusive: number;
  /** Requests each run used, for means and percentiles. */
  requests: Float64Array;
}

export function tally(decide: Decider, shares: TrueShares, runs: number, seed: number): Tally {
  const rng = seededRng(seed);
  const sample = destinationSampler(shares, rng);
  const t: Tally = { runs, pass: 0, fail: 0, inconclusive: 0, requests: new Float64Array(runs) };
  for (let r = 0; r < runs; r++) {
    const { verdict, requests } = decide(sample);
    t[verdict] += 1;
    t.requests[r] = requests;
  }
  return t;
}
