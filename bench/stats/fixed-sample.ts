// Baseline (b): a fixed-sample test with the same α and β. Its n is the normal-approximation
// size for power 1 − β against a share off by δ (the worst side, worst destination); the
// decision is a two-sided z-test per destination at α (Bonferroni over destinations when
// there are more than two — with two, the two tests are the same test).
import { twoSidedCriticalValue, resolveSpec, type ProportionSpec } from "../../harness/stats/index.js";
import type { Decider } from "../../test/stats/simulate.js";

export interface FixedSamplePlan {
  n: number;
  zAlpha: number;
}

export function fixedSamplePlan(spec: ProportionSpec): FixedSamplePlan {
  const { shares, alpha, beta, delta } = resolveSpec(spec);
  const tested = shares.filter((w) => w > 0 && w < 1).length;
  const comparisons = tested <= 2 ? 1 : tested;
  const zAlpha = twoSidedCriticalValue(1 - alpha / comparisons);
  const zBeta = twoSidedCriticalValue(1 - 2 * beta); // one-sided β quantile
  let n = 1;
  for (const w of shares) {
    if (w <= 0 || w >= 1) continue;
    for (const p1 of [w + delta, w - delta]) {
      if (p1 < 0 || p1 > 1) continue;
      const root = (zAlpha * Math.sqrt(w * (1 - w)) + zBeta * Math.sqrt(p1 * (1 - p1))) / delta;
      n = Math.max(n, Math.ceil(root * root));
    }
  }
  return { n, zAlpha };
}

export function fixedSampleDecider(spec: ProportionSpec): Decider {
  const { names, shares } = resolveSpec(spec);
  const { n, zAlpha } = fixedSamplePlan(spec);
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
    const off = shares.some((w, i) => {
      if (w <= 0 || w >= 1) return false;
      return Math.abs((counts[i] ?? 0) / n - w) / Math.sqrt((w * (1 - w)) / n) > zAlpha;
    });
    return { verdict: impossible || off ? "fail" : "pass", requests: n };
  };
}
