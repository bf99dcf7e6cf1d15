// planRates (scenarios/lib/shares.ts): the fixed samples faults.ts and retries.ts judge with k6
// thresholds. The error rates are claims, so seeded simulations check them, as for the canary.
import assert from "node:assert/strict";
import { planRates, rateThresholds, rateVerdict, ratesPass, type RatePlan } from "../../scenarios/lib/shares.js";
import { STATS_DEFAULTS } from "../../spec/knobs.js";
import { normalQuantile } from "../../spec/normal-quantile.js";
import { minimumSuccessRate } from "../../spec/resilience.js";
import { seededRandom } from "../support/seeded-random.js";

const opts = { delta: STATS_DEFAULTS.delta, alpha: STATS_DEFAULTS.alpha, beta: STATS_DEFAULTS.beta };

/** One simulated k6 run: every request draws each rate independently with its true probability. */
function simulate(plan: RatePlan, truth: Record<string, number>, random: () => number): string {
  const hits: Record<string, number> = Object.fromEntries(Object.keys(truth).map((k) => [k, 0]));
  for (let i = 0; i < plan.requests; i++) for (const k of Object.keys(truth)) if (random() < truth[k]!) hits[k]!++;
  return rateVerdict(plan, Object.fromEntries(Object.entries(hits).map(([k, n]) => [k, n / plan.requests])), plan.requests);
}

function count(verdict: string, plan: RatePlan, truth: Record<string, number>, seed: number, runs: number): number {
  const random = seededRandom(seed);
  let n = 0;
  for (let i = 0; i < runs; i++) if (simulate(plan, truth, random) === verdict) n++;
  return n;
}
const passes = (plan: RatePlan, truth: Record<string, number>, seed: number, runs = 2000) => count("pass", plan, truth, seed, runs);
const fails = (plan: RatePlan, truth: Record<string, number>, seed: number, runs = 2000) => count("fail", plan, truth, seed, runs);

describe("scenarios/lib/shares planRates", () => {
  it("retries: the band is at least 1 − f^(attempts+1) − δ; pass bound above its floor, fail bound below", () => {
    const plan = planRates([{ name: "success", expected: minimumSuccessRate(0.5, 2), sides: "min" }], opts);
    const r = plan.rates[0]!;
    assert.deepEqual([r.low, r.high, r.passHigh, r.failHigh], [0.825, 1, 1, 1]);
    const margin = (z: number) => (z * Math.sqrt(0.825 * 0.175)) / Math.sqrt(plan.requests);
    assert.ok(Math.abs(r.passLow - (0.825 + margin(normalQuantile(0.99)))) < 1e-6);
    assert.ok(Math.abs(r.failLow - (0.825 - margin(normalQuantile(0.999)))) < 1e-6, "one tail: α unsplit");
    assert.deepEqual(rateThresholds(r), [`rate>=${r.passLow}`, `rate>=${r.failLow}`]);
    assert.equal(rateVerdict(plan, { success: 0.82 }, plan.requests), "inconclusive");
    assert.equal(rateVerdict(plan, { success: 0.75 }, plan.requests), "fail");
  });

  it("faults: abort and delay each within percent ± δ, α split over the four tails", () => {
    const plan = planRates(
      [
        { name: "abort", expected: 0.2, sides: "both" },
        { name: "delay", expected: 0.1, sides: "both" },
      ],
      opts,
    );
    assert.deepEqual(plan.rates.map((r) => [r.low, r.high]), [[0.15, 0.25], [0.05, 0.15]]);
    const abort = plan.rates[0]!;
    assert.ok(Math.abs(abort.failHigh - (0.25 + (normalQuantile(1 - 0.001 / 4) * Math.sqrt(0.25 * 0.75)) / Math.sqrt(plan.requests))) < 1e-6);
    assert.equal(rateThresholds(abort).length, 4);
  });

  it("demands exactly nothing or everything at 0 and 1, and refuses a minimum of 0", () => {
    const plan = planRates(
      [
        { name: "never", expected: 0, sides: "both" },
        { name: "always", expected: 1, sides: "min" },
      ],
      opts,
    );
    assert.deepEqual(plan.rates.map(rateThresholds), [["rate==0"], ["rate==1"]]);
    assert.equal(plan.requests, 200, "nothing sampled: the floor");
    assert.throws(() => planRates([{ name: "s", expected: 0, sides: "min" }], opts), /a minimum of 0 less δ bounds nothing/);
    assert.throws(() => planRates([{ name: "s", expected: 1.2, sides: "both" }], opts), /expected must be in \[0, 1\]/);
    assert.throws(() => planRates([], opts), /at least one rate/);
  });

  it("never passes a run shorter than the plan; more success than the minimum is no violation", () => {
    const plan = planRates([{ name: "success", expected: 0.875, sides: "min" }], opts);
    assert.equal(ratesPass(plan, { success: 1 }, plan.requests - 1), false);
    assert.equal(ratesPass(plan, { success: 1 }, plan.requests), true);
    assert.equal(ratesPass(plan, { success: 0.82 }, plan.requests), false);
  });

  it("retries: passes a conforming mesh, fails one 2δ below and one without retries, by seeded simulation", () => {
    const plan = planRates([{ name: "success", expected: 0.875, sides: "min" }], opts);
    assert.ok(passes(plan, { success: 0.875 }, 11) >= 1960, "a conforming mesh must pass in ≥ 98% of runs (sized for 99%; room for Monte Carlo noise)");
    assert.ok(fails(plan, { success: 0.775 }, 12) >= 1960, "a mesh 2δ below must fail in ≥ 98% of runs (sized for 99%; room for Monte Carlo noise)");
    assert.equal(fails(plan, { success: 0.5 }, 13, 200), 200, "no retries (1 − f) must always fail");
  });

  it("faults: passes 20 %/10 %, fails a mesh 2δ off on either fault and one without faults, by seeded simulation", () => {
    const plan = planRates(
      [
        { name: "abort", expected: 0.2, sides: "both" },
        { name: "delay", expected: 0.1, sides: "both" },
      ],
      opts,
    );
    assert.ok(passes(plan, { abort: 0.2, delay: 0.1 }, 21) >= 1960, "conforming mesh must pass in ≥ 98% of runs (sized for 99%; room for Monte Carlo noise)");
    assert.ok(fails(plan, { abort: 0.3, delay: 0.1 }, 22) >= 1960, "abort 2δ high must fail in ≥ 98% of runs (sized for 99%; room for Monte Carlo noise)");
    assert.ok(fails(plan, { abort: 0.2, delay: 0.0 }, 23) >= 1960, "delay 2δ low must fail in ≥ 98% of runs (sized for 99%; room for Monte Carlo noise)");
    assert.equal(fails(plan, { abort: 0, delay: 0 }, 24, 200), 200, "faults off must always fail");
  });
});
