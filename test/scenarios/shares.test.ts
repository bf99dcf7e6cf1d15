// planShares (scenarios/lib/shares.ts): the fixed sample and the two pairs of bounds canary.ts
// judges with k6 thresholds under the tolerance contract. The error rates are claims, so seeded
// simulations check them: a fail while the share is within weight ± δ at most α, a pass while
// it is outside at most β (each held to the count a true rate of α or β would reach with
// probability 1e-6), and the sizing targets (a conforming mesh passes, one 2δ off fails).
import assert from "node:assert/strict";
import { planShares, shareThresholds, shareVerdict, sharesPass, observedShares, type SharePlan, type Verdict } from "../../scenarios/lib/shares.js";
import { STATS_DEFAULTS } from "../../spec/knobs.js";
import { normalQuantile } from "../../spec/normal-quantile.js";
import { rejectionCount } from "../stats/binomial-tail.js";
import { seededRandom } from "../support/seeded-random.js";

const defaults = { delta: STATS_DEFAULTS.delta, alpha: STATS_DEFAULTS.alpha, beta: STATS_DEFAULTS.beta };

/** One simulated k6 run: `n` per-request picks from `trueShares`, judged as k6's thresholds and the summary will. */
function simulate(plan: SharePlan, trueShares: Record<string, number>, random: () => number): Verdict {
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
  return shareVerdict(plan, observedShares(picks, names), picks.length);
}

function tally(plan: SharePlan, truth: Record<string, number>, seed: number, runs: number): Record<Verdict, number> {
  const random = seededRandom(seed);
  const out: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (let i = 0; i < runs; i++) out[simulate(plan, truth, random)]++;
  return out;
}

describe("scenarios/lib/shares", function () {
  // A guard against hangs, not a speed test.
  this.timeout(300_000);

  it("rejects α, β and δ outside the knob table's range, with the table's words", () => {
    const weights = { v1: 90, v2: 10 };
    assert.throws(() => planShares(weights, { ...defaults, delta: 0.5 }), /^RangeError: delta must be a number above 0 and below 0\.5, got 0\.5$/);
    assert.throws(() => planShares(weights, { ...defaults, alpha: 0 }), /alpha must be a number above 0 and below 0\.5, got 0/);
    assert.throws(() => planShares(weights, { ...defaults, beta: Number.NaN }), /beta must be a number above 0 and below 0\.5/);
  });

  it("puts the pass bounds inside weight ± δ and the fail bounds outside it, sized for both claims", () => {
    const plan = planShares({ v1: 90, v2: 10 }, defaults);
    const n = plan.requests;
    const v2 = plan.destinations[1]!;
    assert.deepEqual([v2.low, v2.high], [0.05, 0.15]);
    // Margins z·σ(edge)/√n: z(1 − β) for the pass claim, z(1 − α/4) for the fail claim (4 tails).
    const margin = (z: number, p: number) => (z * Math.sqrt(p * (1 - p))) / Math.sqrt(n);
    assert.ok(Math.abs(v2.passHigh - (0.15 - margin(normalQuantile(0.99), 0.15))) < 1e-6);
    assert.ok(Math.abs(v2.failHigh - (0.15 + margin(normalQuantile(1 - 0.001 / 4), 0.15))) < 1e-6);
    assert.ok(v2.failLow < v2.low && v2.low < v2.passLow && v2.passLow < 0.1 && 0.1 < v2.passHigh && v2.passHigh < v2.high && v2.high < v2.failHigh);
    assert.equal(n, 1890);
    assert.deepEqual(shareThresholds(plan, "canary_share", "canary_requests", "target:c")["canary_share{destination:v2,target:c}"], [
      `rate>=${v2.passLow}`,
      `rate<=${v2.passHigh}`,
      `rate>=${v2.failLow}`,
      `rate<=${v2.failHigh}`,
    ]);
    assert.deepEqual(shareThresholds(plan, "canary_share", "canary_requests", "target:c")["canary_requests{target:c}"], [`count>=${n}`]);
  });

  it("demands exactly nothing of a weight-0 destination and everything of a weight-100 one", () => {
    const plan = planShares({ a: 100, b: 0 }, defaults);
    assert.deepEqual(shareThresholds(plan, "s", "n")["s{destination:a}"], ["rate==1"]);
    assert.deepEqual(shareThresholds(plan, "s", "n")["s{destination:b}"], ["rate==0"]);
    assert.equal(shareVerdict(plan, { a: 0.999, b: 0.001 }, plan.requests), "fail");
  });

  it("claims nothing from a run shorter than the plan; between the bounds it is inconclusive", () => {
    const plan = planShares({ v1: 50, v2: 50 }, defaults);
    assert.equal(shareVerdict(plan, { v1: 0.5, v2: 0.5 }, plan.requests - 1), "inconclusive");
    assert.equal(sharesPass(plan, { v1: 0.5, v2: 0.5 }, plan.requests), true);
    assert.equal(shareVerdict(plan, { v1: 0.545, v2: 0.455 }, plan.requests), "inconclusive");
    assert.equal(shareVerdict(plan, { v1: 0.6, v2: 0.4 }, plan.requests), "fail");
  });

  it("at weight ± δ (within the band) fails at most α = 0.05 of runs; just outside passes at most β = 0.1", () => {
    const loose = { delta: 0.05, alpha: 0.05, beta: 0.1 };
    const plan = planShares({ v1: 90, v2: 10 }, loose);
    const runs = 2000;
    const edge = tally(plan, { v1: 0.85, v2: 0.15 }, 1, runs);
    const outside = tally(plan, { v1: 0.849, v2: 0.151 }, 2, runs);
    assert.ok(edge.fail < rejectionCount(runs, 0.05), `wrong fails ${edge.fail}/${runs}`);
    assert.ok(outside.pass < rejectionCount(runs, 0.1), `wrong passes ${outside.pass}/${runs}`);
    assert.ok(outside.pass > 0.03 * runs, `${outside.pass} passes just outside: the bound is used, not wasted`);
  });

  it("passes a conforming 90/10 mesh, fails an 80/20 one, never fails 87/13, never passes 84/16 (seeded)", () => {
    const plan = planShares({ v1: 90, v2: 10 }, defaults);
    const runs = 1000;
    const conforming = tally(plan, { v1: 0.9, v2: 0.1 }, 3, runs);
    const far = tally(plan, { v1: 0.8, v2: 0.2 }, 4, runs);
    // Sized for 99% each by the normal approximation; 98% leaves room for Monte Carlo noise
    // (a plan sized for 95% would fall well below it).
    assert.ok(conforming.pass >= 0.98 * runs, JSON.stringify(conforming));
    assert.ok(far.fail >= 0.98 * runs, JSON.stringify(far));
    assert.equal(tally(plan, { v1: 0.87, v2: 0.13 }, 5, runs).fail, 0);
    assert.equal(tally(plan, { v1: 0.84, v2: 0.16 }, 6, runs).pass, 0);
  });
});
