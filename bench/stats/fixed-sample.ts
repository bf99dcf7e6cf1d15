// Baseline (b): a fixed-sample test under the same tolerance contract. It draws n requests,
// then computes per destination a Wilson interval: fail if the interval at 1 − α (Bonferroni
// over destinations when there are more than two) lies wholly outside weight ± δ; pass if the
// interval at 1 − 2β (β in each tail; only one tail can be wrong) lies wholly inside; otherwise
// inconclusive. n is the normal-approximation size that meets the sequential test's targets:
// a pass with probability 0.99 at |p − w| = δ/4 and a fail with probability 0.99 at 2δ.
import { resolveSpec, twoSidedCriticalValue, wilsonInterval, type ProportionSpec } from "../../harness/stats/index.js";
import type { Decider } from "./simulate.js";

export interface FixedSamplePlan {
  n: number;
  failLevel: number;
  passLevel: number;
}

export function fixedSamplePlan(spec: ProportionSpec): FixedSamplePlan {
  const { shares, alpha, beta, delta } = resolveSpec(spec);
  const tested = shares.filter((w) => w > 0 && w < 1).length;
  const comparisons = tested <= 2 ? 1 : tested;
  const failLevel = 1 - alpha / comparisons;
  const passLevel = 1 - 2 * beta;
  const zFail = twoSidedCriticalValue(failLevel);
  const zPass = twoSidedCriticalValue(passLevel);
  const zPower = twoSidedCriticalValue(0.98); // one-sided 0.99
  let n = 1;
  const need = (p: number, gap: number, z: number): number => Math.ceil((((z + zPower) * Math.sqrt(p * (1 - p))) / gap) ** 2);
  for (const w of shares) {
    if (w <= 0 || w >= 1) continue;
    for (const side of [1, -1]) {
      const near = w + (side * delta) / 4;
      const far = w + side * 2 * delta;
      if (near > 0 && near < 1) n = Math.max(n, need(near, delta - delta / 4, zPass));
      if (far > 0 && far < 1) n = Math.max(n, need(far, delta, zFail));
    }
  }
  return { n, failLevel, passLevel };
}

export function fixedSampleDecider(spec: ProportionSpec): Decider {
  const { names, shares, delta } = resolveSpec(spec);
  const { n, failLevel, passLevel } = fixedSamplePlan(spec);
  const index = new Map(names.map((name, i) => [name, i]));
  const counts = new Float64Array(names.length);
  return (sample) => {
    counts.fill(0);
    let impossible = false;
    for (let r = 0; r < n; r++) {
      const i = index.get(sample());
      if (i === undefined || shares[i] === 0) impossible = true;
      else counts[i] = (counts[i] ?? 0) + 1;
    }
    if (impossible) return { verdict: "fail", requests: n };
    let allWithin = true;
    for (let i = 0; i < shares.length; i++) {
      const w = shares[i] ?? 0;
      if (w <= 0 || w >= 1) continue;
      const lo = Math.max(0, w - delta);
      const hi = Math.min(1, w + delta);
      const f = wilsonInterval(counts[i] ?? 0, n, failLevel);
      if (f[0] > hi || f[1] < lo) return { verdict: "fail", requests: n };
      const p = wilsonInterval(counts[i] ?? 0, n, passLevel);
      if (!(p[0] >= lo && p[1] <= hi)) allWithin = false;
    }
    return { verdict: allWithin ? "pass" : "inconclusive", requests: n };
  };
}
