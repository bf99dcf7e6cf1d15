// The retries test under the tolerance contract: the pass band is [r0 − δ, 1]. A fail is wrong
// when the rate is at least r0 − δ (≤ α, hardest exactly at r0 − δ); a pass is wrong when it is
// below r0 − δ (≤ β, hardest just below). Seeded Monte Carlo; each count is held to what a true
// rate of α (or β) would exceed with probability 1e-6.
import assert from "node:assert/strict";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { MINIMUM_RATE_METHOD, MinimumRateTest, type MinimumRateSpec } from "../../harness/stats/index.js";
import { rejectionCount } from "./binomial-tail.js";

const RUNS = 1000;

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

describe("MinimumRateTest (retries: success rate at least 1 − f^(attempts+1), tolerance δ below it)", function () {
  // A guard against hangs, not a speed test.
  this.timeout(300_000);
  const defaults: MinimumRateSpec = { minimumRate: 0.875, alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000 };

  it("fails a rate exactly on the band's floor (82.5%) at most α = 0.05 of the time", () => {
    const t = tally({ ...defaults, alpha: 0.05, budget: 2000 }, 0.825, 1);
    assert.ok((t.fail ?? 0) < rejectionCount(RUNS, 0.05), JSON.stringify(t));
  });

  it("passes a rate just below the floor (82.4%) at most β = 0.1 of the time", () => {
    const t = tally({ ...defaults, beta: 0.1, budget: 3000 }, 0.824, 2);
    assert.ok((t.pass ?? 0) < rejectionCount(RUNS, 0.1), JSON.stringify(t));
  });

  it("at the defaults passes a conforming mesh (87.5%) and fails one without a retry (75%) in ≥ 99% of runs", () => {
    const ok = tally(defaults, 0.875, 3);
    const bad = tally(defaults, 0.75, 4);
    assert.ok((ok.pass ?? 0) >= 0.99 * RUNS && ok.fail === 0, JSON.stringify(ok));
    assert.ok((bad.fail ?? 0) >= 0.99 * RUNS && bad.pass === 0, JSON.stringify(bad));
  });

  it("fails a mesh without retries (rate 1 − f = 0.5) within a few requests, with a true sentence", () => {
    const test = new MinimumRateTest(defaults);
    const rng = xoroshiro128plus(3);
    while (test.observe(uniformFloat64(rng) < 0.5) === undefined);
    const { verdict, evidence } = test.finish();
    assert.equal(verdict, "fail");
    assert.equal(evidence.method, MINIMUM_RATE_METHOD);
    assert.ok(evidence.requests < 60, `${evidence.requests} requests`);
    assert.ok(evidence.pValue <= 0.001);
    assert.equal(evidence.ciLevel, 0.999);
    assert.ok(evidence.ci[1] < 0.825, `interval ${evidence.ci} below the floor`);
    assert.deepEqual(evidence.band.map((x) => +x.toFixed(6)), [0.825, 1]);
    assert.match(evidence.reason, /^success rate \d+\.\d% \[\d+\.\d, \d+\.\d\] is below 82\.5% \(the expected 87\.5% − 5\) after \d+ requests \(fail claim, α = 0\.001\)$/);
  });

  it("passes with the 1 − β interval above the floor", () => {
    const test = new MinimumRateTest(defaults);
    for (let i = 0; test.observe(i % 8 !== 0) === undefined; i++);
    const { verdict, evidence } = test.finish();
    assert.equal(verdict, "pass");
    assert.equal(evidence.ciLevel, 0.99);
    assert.ok(evidence.ci[0] >= 0.825);
    assert.match(evidence.reason, /^success rate 87\.5% \[8\d\.\d, 9\d\.\d\] is at least 82\.5% \(the expected 87\.5% − 5\) after \d+ requests \(pass claim, β = 0\.01\)$/);
  });

  it("is inconclusive when the budget runs out, naming the requests a decision needs; rejects a minimum it cannot test", () => {
    const test = new MinimumRateTest({ ...defaults, budget: 10 });
    for (let i = 0; i < 10; i++) test.observe(i % 8 !== 0);
    const { verdict, evidence } = test.finish();
    assert.equal(verdict, "inconclusive");
    assert.ok((evidence.requestsNeeded ?? 0) > 10);
    assert.match(evidence.reason, /neither at least 82\.5% .* nor below it .* a decision needs about \d+ requests$/);
    assert.throws(() => new MinimumRateTest({ ...defaults, minimumRate: 0.04 }), /within δ=5\.0% of 0/);
    assert.throws(() => new MinimumRateTest({ ...defaults, minimumRate: 1 }), /strictly between 0 and 1/);
  });
});
