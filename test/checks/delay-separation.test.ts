// The rules that turn the delay share test and the separation into a verdict, and the exact
// binomial bounds beneath them, on fixed numbers (no timing involved).
import assert from "node:assert/strict";
import { lowerConfidenceBound, upperConfidenceBound } from "../../spec/timing/binomial-bounds.js";
import { baselineNeeded, judgeDelay, SeparationMeter } from "../../spec/timing/delay-separation.js";

function meter(baselineSlow: number, baseline: number, routeSlow: number, routeUndelayed: number): SeparationMeter {
  const m = new SeparationMeter(200, 0.025, 0.001);
  for (let i = 0; i < baseline; i++) m.observeBaseline(i < baselineSlow ? 150 : 2);
  for (let i = 0; i < routeUndelayed; i++) m.observeRoute(i < routeSlow ? 120 : 5);
  m.observeRoute(250); // a delayed answer: not counted among the undelayed
  return m;
}

describe("delay separation", () => {
  it("counts at 98% of the delay, slow at half of that", () => {
    const m = new SeparationMeter(200, 0.025, 0.001);
    assert.equal(m.thresholdMs, 196);
    assert.equal(m.slowMs, 98);
    assert.ok(m.isDelayed(196) && !m.isDelayed(195));
    assert.equal(baselineNeeded(0.025, 0.001), 273);
  });

  it("separates only when both bounds are within the allowance", () => {
    const quiet = meter(0, 400, 0, 700).evidence();
    assert.equal(quiet.route.undelayed, 700);
    assert.ok(quiet.separated, JSON.stringify(quiet));
    assert.equal(meter(10, 400, 0, 700).evidence().separated, false);
    assert.equal(meter(0, 400, 20, 700).evidence().separated, false);
    assert.equal(meter(0, 100, 0, 700).evidence().separated, false, "too few baseline requests to bound anything");
  });

  it("gives up on the separation only when a slow share is surely above the allowance", () => {
    // 3 slow of 100 could still be a rate under 2.5% (its lower bound is far below): not hopeless,
    // though its upper bound (about 10%) is far above; 60 of 1000 surely is above.
    assert.equal(meter(0, 400, 3, 100).hopeless, false);
    assert.equal(meter(3, 100, 0, 700).hopeless, false);
    assert.equal(meter(0, 400, 60, 1000).hopeless, true);
    assert.equal(meter(60, 1000, 0, 700).hopeless, true);
    assert.equal(meter(0, 400, 0, 700).hopeless, false);
  });

  it("too few delayed fails whatever the separation; pass and too many need it, and must hold for the delayed share", () => {
    const sep = meter(0, 400, 0, 700).evidence();
    const slow = meter(50, 400, 80, 700).evidence();
    const at = (share: number, ci: [number, number]) => ({ share, expectedShare: 0.1, band: [0.05, 0.15] as const, ci });
    assert.equal(judgeDelay("fail", "fail", at(0.01, [0, 0.03]), slow).status, "fail");
    assert.equal(judgeDelay("fail", "fail", at(0.3, [0.25, 0.35]), slow).status, "inconclusive");
    assert.equal(judgeDelay("pass", "pass", at(0.1, [0.08, 0.12]), slow).status, "inconclusive");
    assert.equal(judgeDelay("fail", "fail", at(0.3, [0.25, 0.35]), sep).status, "fail");
    // Above the band at the threshold, but within reach of what slow answers could add.
    assert.ok(sep.falsePositiveBound > 0.005);
    assert.equal(judgeDelay("fail", "fail", at(0.16, [0.152, 0.17]), sep).status, "inconclusive");
    // With the "too many" test (s against [w − δ/2, w + 3δ/2]) it decides the high-side fail.
    assert.equal(judgeDelay("fail", "fail", at(0.3, [0.16, 0.35]), sep, true).status, "fail");
    assert.equal(judgeDelay("fail", "fail", at(0.3, [0.25, 0.35]), sep, false).status, "inconclusive");
    assert.equal(judgeDelay("fail", "fail", at(0.3, [0.25, 0.35]), slow, true).status, "inconclusive");
    // The pass test (s within [w − δ/2, w + δ]) decides; the band test alone does not.
    const pass = judgeDelay("pass", "pass", at(0.1, [0.08, 0.12]), sep);
    assert.equal(pass.status, "pass");
    assert.match(pass.why, /within 7\.5%–15% and at most .*, so the delayed share is within the band 5%–15%/);
    assert.equal(judgeDelay("pass", "fail", at(0.06, [0.051, 0.07]), sep).status, "inconclusive");
    assert.equal(judgeDelay("inconclusive", "pass", at(0.1, [0.06, 0.13]), sep).status, "pass");
    // Without a pass test (a delay of 0% or near 100%): the band test's interval less q̂.
    assert.equal(judgeDelay("pass", undefined, at(0.1, [0.08, 0.12]), sep).status, "pass");
    assert.equal(judgeDelay("pass", undefined, at(0.06, [0.051, 0.07]), sep).status, "inconclusive");
  });

  it("Clopper–Pearson bounds match the textbook values", () => {
    // 5 of 10 at one-sided 5%: the two-sided 90% interval [0.2224, 0.7776].
    assert.ok(Math.abs(lowerConfidenceBound(5, 10, 0.05) - 0.2224) < 1e-4);
    assert.ok(Math.abs(upperConfidenceBound(5, 10, 0.05) - 0.7776) < 1e-4);
    // None of n: 1 − err^(1/n).
    assert.ok(Math.abs(upperConfidenceBound(0, 300, 0.001) - (1 - 0.001 ** (1 / 300))) < 1e-9);
    assert.equal(upperConfidenceBound(0, 0, 0.001), 1);
  });
});
