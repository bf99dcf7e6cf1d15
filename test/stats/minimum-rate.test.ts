// The one-sided retry-rate test keeps the statistics contract, proven by seeded Monte Carlo:
// at the minimum rate it fails with probability ≤ α, at δ below it passes with probability
// ≤ β; each count is held to what a true rate of α (or β) would exceed with probability 1e-6.
import assert from "node:assert/strict";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { MinimumRateTest, type MinimumRateSpec } from "../../harness/stats/index.js";
import { rejectionCount } from "./binomial-tail.js";

const RUNS = 2000;

function tally(spec: MinimumRateSpec, trueRate: number, seed: number): Record<string, number> {
  const rng = xoroshiro128plus(seed);
  const out: Record<string, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (let run = 0; run < RUNS; run++) {
    const test = new MinimumRateTest(spec);
    let verdict;
    while ((verdict = test.observe(uniformFloat64(rng) < trueRate)) === undefined);
    out[verdict] = (out[verdict] ?? 0) + 1;
  }
  return out;
}

describe("MinimumRateTest (retries: success rate at least 1 − f^(attempts+1))", () => {
  const spec: MinimumRateSpec = { minimumRate: 0.875, alpha: 0.05, beta: 0.05, delta: 0.05, budget: 5000 };

  it("fails a conforming mesh (rate exactly the minimum) at most α of the time", () => {
    const t = tally(spec, 0.875, 1);
    assert.ok((t.fail ?? 0) < rejectionCount(RUNS, spec.alpha), JSON.stringify(t));
  });

  it("passes a mesh δ below the minimum at most β of the time", () => {
    const t = tally(spec, 0.825, 2);
    assert.ok((t.pass ?? 0) < rejectionCount(RUNS, spec.beta), JSON.stringify(t));
  });

  it("fails a mesh without retries (rate 1 − f = 0.5) within a few requests, with evidence", () => {
    const test = new MinimumRateTest({ ...spec, alpha: 0.001, beta: 0.01 });
    const rng = xoroshiro128plus(3);
    while (test.observe(uniformFloat64(rng) < 0.5) === undefined);
    const { verdict, evidence } = test.finish();
    assert.equal(verdict, "fail");
    assert.ok(evidence.requests < 60, `${evidence.requests} requests`);
    assert.ok(evidence.pValue <= 0.001);
    assert.ok(evidence.ci[1] < 0.875);
    assert.match(evidence.reason, /below 87\.5%/);
  });

  it("is inconclusive when the budget runs out, and rejects a minimum it cannot test", () => {
    const test = new MinimumRateTest({ ...spec, budget: 10 });
    for (let i = 0; i < 10; i++) test.observe(i % 8 !== 0);
    assert.equal(test.finish().verdict, "inconclusive");
    assert.throws(() => new MinimumRateTest({ ...spec, minimumRate: 0.04 }), /within δ=5% of 0/);
    assert.throws(() => new MinimumRateTest({ ...spec, minimumRate: 1 }), /strictly between 0 and 1/);
  });
});
