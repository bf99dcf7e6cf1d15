import assert from "node:assert/strict";
import { normalQuantile, planShares, shareThresholds, sharesPass, observedShares, DEFAULT_ALPHA, DEFAULT_DELTA } from "../../scenarios/lib/shares.js";
import { twoSidedCriticalValue } from "../../harness/stats/normal-quantile.js";
import { seededRandom } from "../support/seeded-random.js";

/** One simulated k6 run: `n` per-request picks from `trueShares`, judged by the plan's thresholds. */
function simulate(plan: ReturnType<typeof planShares>, trueShares: Record<string, number>, random: () => number): boolean {
  const names = Object.keys(trueShares);
  const picks: string[] = [];
  for (let i = 0; i < plan.requests; i++) {
    let u = random();
    let pick = names[names.length - 1]!;
    for (const d of names) {
      if (u < trueShares[d]!) {
        pick = d;
        break;
      }
      u -= trueShares[d]!;
    }
    picks.push(pick);
  }
  return sharesPass(plan, observedShares(picks, names), picks.length);
}

describe("scenarios/lib/shares", () => {
  it("computes normal quantiles to the harness's precision", () => {
    for (const level of [0.9, 0.95, 0.99, 0.999, 0.99975]) assert.ok(Math.abs(normalQuantile(1 - (1 - level) / 2) - twoSidedCriticalValue(level)) < 1e-6, `level ${level}`);
    assert.throws(() => normalQuantile(1), /p must be in/);
  });

  it("bounds each destination at weight ± δ and sizes the run from α", () => {
    const plan = planShares({ v1: 90, v2: 10 }, { delta: 0.05, alpha: 0.001 });
    assert.deepEqual(plan.destinations, [
      { name: "v1", share: 0.9, low: 0.85, high: 0.95 },
      { name: "v2", share: 0.1, low: 0.05, high: 0.15 },
    ]);
    // z(1 − 0.001/4) ≈ 3.48; variance at the 2δ-off share 0.2 → ceil((3.48/0.05)² × 0.16)
    assert.equal(plan.requests, 776);
    assert.deepEqual(shareThresholds(plan, "canary_share", "canary_requests", "target:c"), {
      "canary_share{destination:v1,target:c}": ["rate>=0.85", "rate<=0.95"],
      "canary_share{destination:v2,target:c}": ["rate>=0.05", "rate<=0.15"],
      "canary_requests{target:c}": ["count>=776"],
    });
  });

  it("demands exactly nothing of a weight-0 destination and everything of a weight-100 one", () => {
    const plan = planShares({ a: 100, b: 0 }, { delta: 0.05, alpha: 0.001 });
    assert.deepEqual(shareThresholds(plan, "s", "n").s === undefined, true);
    assert.deepEqual(shareThresholds(plan, "s", "n")["s{destination:a}"], ["rate==1"]);
    assert.deepEqual(shareThresholds(plan, "s", "n")["s{destination:b}"], ["rate==0"]);
  });

  it("never passes a run shorter than the plan", () => {
    const plan = planShares({ v1: 50, v2: 50 }, { delta: DEFAULT_DELTA, alpha: DEFAULT_ALPHA });
    assert.equal(sharesPass(plan, { v1: 0.5, v2: 0.5 }, plan.requests - 1), false);
    assert.equal(sharesPass(plan, { v1: 0.5, v2: 0.5 }, plan.requests), true);
  });

  it("passes a conforming 90/10 mesh and fails an 80/20 one, by seeded simulation", () => {
    const plan = planShares({ v1: 90, v2: 10 }, { delta: DEFAULT_DELTA, alpha: DEFAULT_ALPHA });
    const random = seededRandom(20240601);
    const runs = 2000;
    let conformingFailed = 0;
    let offPassed = 0;
    for (let i = 0; i < runs; i++) {
      if (!simulate(plan, { v1: 0.9, v2: 0.1 }, random)) conformingFailed++;
      if (simulate(plan, { v1: 0.8, v2: 0.2 }, random)) offPassed++;
    }
    // Expected ≤ α·runs = 2 for each; allow Monte Carlo noise, not a broken plan.
    assert.ok(conformingFailed <= 8, `conforming mesh failed ${conformingFailed}/${runs}`);
    assert.ok(offPassed <= 8, `80/20 mesh passed ${offPassed}/${runs}`);
  });
});
