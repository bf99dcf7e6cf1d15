// planRates (scenarios/lib/shares.ts): the fixed samples faults.ts and retries.ts judge with k6
// thresholds. The error rates are claims, so seeded simulations check them, as for the canary.
import assert from "node:assert/strict";
import { normalQuantile, planRates, rateThresholds, ratesPass, DEFAULT_ALPHA, DEFAULT_DELTA, type RatePlan } from "../../scenarios/lib/shares.js";
import { minimumSuccessRate } from "../../scenarios/lib/resilience.js";
import { seededRandom } from "../support/seeded-random.js";

const opts = { delta: DEFAULT_DELTA, alpha: DEFAULT_ALPHA };

/** One simulated k6 run: every request draws each rate independently with its true probability. */
function simulate(plan: RatePlan, truth: Record<string, number>, random: () => number): boolean {
  const hits: Record<string, number> = Object.fromEntries(Object.keys(truth).map((k) => [k, 0]));
  for (let i = 0; i < plan.requests; i++) for (const k of Object.keys(truth)) if (random() < truth[k]!) hits[k]!++;
  return ratesPass(plan, Object.fromEntries(Object.entries(hits).map(([k, n]) => [k, n / plan.requests])), plan.requests);
}

function misses(plan: RatePlan, truth: Record<string, number>, seed: number, runs = 2000): number {
  const random = seededRandom(seed);
  let n = 0;
  for (let i = 0; i < runs; i++) if (!simulate(plan, truth, random)) n++;
  return n;
}

describe("scenarios/lib/shares planRates", () => {
  it("retries: a one-sided minimum at 1 − f^(attempts+1) − δ, sized from α and the rate 2δ below", () => {
    const plan = planRates([{ name: "success", expected: minimumSuccessRate(0.5, 2), sides: "min" }], opts);
    assert.deepEqual(plan.rates, [{ name: "success", expected: 0.875, sides: "min", low: 0.825, high: 1 }]);
    // z(1 − 0.001) ≈ 3.09, one tail; variance at 0.775 → ceil((3.09/0.05)² × 0.174375)
    assert.equal(plan.requests, Math.ceil((normalQuantile(0.999) / 0.05) ** 2 * 0.775 * 0.225));
    assert.equal(plan.requests, 667);
    assert.deepEqual(rateThresholds(plan.rates[0]!), ["rate>=0.825"]);
  });

  it("faults: abort and delay each within percent ± δ, α split over the four tails", () => {
    const plan = planRates(
      [
        { name: "abort", expected: 0.2, sides: "both" },
        { name: "delay", expected: 0.1, sides: "both" },
      ],
      opts,
    );
    assert.deepEqual(plan.rates.map(rateThresholds), [
      ["rate>=0.15", "rate<=0.25"],
      ["rate>=0.05", "rate<=0.15"],
    ]);
    // z(1 − 0.001/4); the largest variance is the abort share 2δ above, 0.3
    assert.equal(plan.requests, Math.ceil((normalQuantile(1 - 0.001 / 4) / 0.05) ** 2 * 0.3 * 0.7));
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
    assert.throws(() => planRates([{ name: "s", expected: 0, sides: "min" }], opts), /a minimum of 0 bounds nothing/);
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
    // Expected ≤ α·runs = 2 each; allow Monte Carlo noise, not a broken plan.
    assert.ok(misses(plan, { success: 0.875 }, 11) <= 8, "conforming mesh failed too often");
    assert.ok(2000 - misses(plan, { success: 0.775 }, 12) <= 8, "a mesh 2δ below passed too often");
    assert.equal(misses(plan, { success: 0.5 }, 13, 200), 200, "no retries (1 − f) must always fail");
  });

  it("faults: passes 20 %/10 %, fails a mesh 2δ off on either fault and one without faults, by seeded simulation", () => {
    const plan = planRates(
      [
        { name: "abort", expected: 0.2, sides: "both" },
        { name: "delay", expected: 0.1, sides: "both" },
      ],
      opts,
    );
    assert.ok(misses(plan, { abort: 0.2, delay: 0.1 }, 21) <= 8, "conforming mesh failed too often");
    assert.ok(2000 - misses(plan, { abort: 0.3, delay: 0.1 }, 22) <= 8, "abort 2δ high passed too often");
    assert.ok(2000 - misses(plan, { abort: 0.2, delay: 0.0 }, 23) <= 8, "delay 2δ low passed too often");
    assert.equal(misses(plan, { abort: 0, delay: 0 }, 24, 200), 200, "faults off must always fail");
  });
});
