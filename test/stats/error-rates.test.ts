// The tolerance contract, proven by seeded Monte Carlo. A share within weight ± δ conforms.
// - fail is wrong when every share is within its band: its rate must stay ≤ α, worst at |p − w| = δ;
// - pass is wrong when some share is outside its band: its rate must stay ≤ β, worst just past δ.
// Each such rate is held below the count a true rate of α (or β) would reach with probability
// 1e-6, so a broken method fails and a correct one cannot flake (fixed seeds make every run
// identical anyway). Power targets at the defaults are asserted on the observed rates.
import assert from "node:assert/strict";
import type { ProportionSpec } from "../../harness/stats/index.js";
import { rejectionCount } from "./binomial-tail.js";
import { sequentialDecider } from "../../bench/stats/run-sequential.js";
import { tally, type Tally, type TrueShares } from "../../bench/stats/simulate.js";

interface Case {
  name: string;
  weights: Record<string, number>;
  truth: TrueShares;
}

/** 90/10 with v2's true share at 10% + k·δ (δ = 5 points); v1 takes the rest. */
function ninetyTen(k: number): Case {
  const v2 = 0.1 + k * 0.05;
  return { name: `90/10 at ${+((1 - v2) * 100).toFixed(2)}/${+(v2 * 100).toFixed(2)} (${k}δ)`, weights: { v1: 90, v2: 10 }, truth: { v1: 1 - v2, v2 } };
}

function simulate(c: Case, spec: Omit<ProportionSpec, "weights">, runs: number, seed: number): Tally {
  return tally(sequentialDecider({ weights: c.weights, ...spec }), c.truth, runs, seed);
}

function assertRateAtMost(observed: number, runs: number, rate: number, what: string): void {
  const limit = rejectionCount(runs, rate);
  assert.ok(observed < limit, `${what}: ${observed}/${runs} (limit ${limit} for a true rate of ${rate})`);
}

const mean = (t: Tally): number => t.requests.reduce((s, n) => s + n, 0) / t.runs;

describe("tolerance contract: error rates (seeded Monte Carlo)", function () {
  // Generous: a guard against hangs, not a speed test (the machine may be busy).
  this.timeout(300_000);

  describe("a wrong fail (every share within weight ± δ) has probability ≤ α", () => {
    // At the band's edge the fail claim is hardest to keep; α = 0.05 makes a broken bound visible.
    const edges: Case[] = [
      ninetyTen(1),
      ninetyTen(-1),
      { name: "75/25 at 70/30", weights: { v1: 75, v2: 25 }, truth: { v1: 0.7, v2: 0.3 } },
      { name: "50/30/20 at 55/27.5/17.5", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.55, b: 0.275, c: 0.175 } },
      { name: "50/30/20 at 47.5/35/17.5", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.475, b: 0.35, c: 0.175 } },
    ];
    edges.forEach((c, i) => {
      it(`${c.name}, exactly on the edge, α = 0.05, budget 2000, 1000 runs`, () => {
        const t = simulate(c, { alpha: 0.05, budget: 2000 }, 1000, 100 + i);
        assertRateAtMost(t.fail, t.runs, 0.05, "wrong fails");
      });
    });
    for (const k of [0.9, -0.9]) {
      it(`${ninetyTen(k).name}, defaults (α = 0.001, budget 5000), 1000 runs`, () => {
        const t = simulate(ninetyTen(k), {}, 1000, 200 + k * 10);
        assertRateAtMost(t.fail, t.runs, 0.001, "wrong fails");
      });
    }
  });

  describe("a wrong pass (some share outside weight ± δ) has probability ≤ β", () => {
    for (const k of [1.1, -1.1]) {
      it(`${ninetyTen(k).name}, defaults (β = 0.01, budget 5000), 1000 runs`, () => {
        const t = simulate(ninetyTen(k), {}, 1000, 300 + k * 10);
        assertRateAtMost(t.pass, t.runs, 0.01, "wrong passes");
      });
    }
    const justOutside: Case[] = [
      ninetyTen(1.02),
      ninetyTen(-1.02),
      { name: "75/25 at 69.9/30.1", weights: { v1: 75, v2: 25 }, truth: { v1: 0.699, v2: 0.301 } },
      { name: "50/30/20 at 55.1/30/14.9", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.551, b: 0.3, c: 0.149 } },
    ];
    justOutside.forEach((c, i) => {
      it(`${c.name}, just past the edge, β = 0.1, budget 3000, 1000 runs`, () => {
        const t = simulate(c, { beta: 0.1, budget: 3000 }, 1000, 400 + i);
        assertRateAtMost(t.pass, t.runs, 0.1, "wrong passes");
      });
    });
  });

  describe("destinations that must get nothing", () => {
    it("a weight-0 destination at share δ passes ≤ β (single 100% route, 3000 runs)", () => {
      const c = { name: "100/0", weights: { v1: 100, v2: 0 }, truth: { v1: 0.95, v2: 0.05 } };
      const t = simulate(c, {}, 3000, 5000);
      assertRateAtMost(t.pass, t.runs, 0.01, "wrong passes");
      assert.equal(t.inconclusive, 0);
    });
    it("an unexpected destination at share δ passes ≤ β (3000 runs)", () => {
      const c = { name: "100 + stray", weights: { v1: 100 }, truth: { v1: 0.95, stray: 0.05 } };
      const t = simulate(c, {}, 3000, 5001);
      assertRateAtMost(t.pass, t.runs, 0.01, "wrong passes");
    });
    it("a stray at share δ beside a conforming-looking 90/10 passes ≤ β (2000 runs)", () => {
      const c = { name: "90/10 + stray", weights: { v1: 90, v2: 10 }, truth: { v1: 0.86, v2: 0.09, stray: 0.05 } };
      const t = simulate(c, {}, 2000, 5002);
      assertRateAtMost(t.pass, t.runs, 0.01, "wrong passes");
    });
  });

  describe("power at the defaults (90/10, α = 0.001, β = 0.01, δ = 5 points, budget 5000)", () => {
    for (const k of [0, 0.25, -0.25]) {
      it(`${ninetyTen(k).name}: ≥ 99% pass, never fail, 2000 runs`, () => {
        const t = simulate(ninetyTen(k), {}, 2000, 500 + k * 100);
        assert.ok(t.pass / t.runs >= 0.99, `pass ${t.pass}/${t.runs}`);
        assert.equal(t.fail, 0);
        if (k === 0) assert.ok(mean(t) <= 1000, `mean requests ${mean(t)} at p = w`);
      });
    }
    for (const k of [2, -2]) {
      it(`${ninetyTen(k).name}: ≥ 99% fail, never pass, 2000 runs`, () => {
        const t = simulate(ninetyTen(k), {}, 2000, 600 + k * 10);
        assert.ok(t.fail / t.runs >= 0.99, `fail ${t.fail}/${t.runs}`);
        assert.equal(t.pass, 0);
      });
    }
    it("the mutation rows: 87/13 never fails, 84/16 never passes (1000 runs each)", () => {
      const inside = simulate({ name: "87/13", weights: { v1: 90, v2: 10 }, truth: { v1: 0.87, v2: 0.13 } }, {}, 1000, 700);
      const outside = simulate({ name: "84/16", weights: { v1: 90, v2: 10 }, truth: { v1: 0.84, v2: 0.16 } }, {}, 1000, 701);
      assert.equal(inside.fail, 0);
      assert.ok(inside.pass > 500, `87/13 passes ${inside.pass}/1000: mostly pass, the rest inconclusive`);
      assert.equal(outside.pass, 0);
    });
    it("a tiny budget ends every run inconclusive, never wrong", () => {
      const t = simulate(ninetyTen(0), { budget: 30 }, 500, 6000);
      assert.equal(t.inconclusive, 500);
      assert.ok(t.requests.every((n) => n === 30));
    });
  });
});
