// The statistics contract, proven by seeded Monte Carlo: on a conforming mesh the check
// fails with probability ≤ α; with a share off by exactly δ (the hardest point of the
// alternative) it passes with probability ≤ β. Each assertion allows only the count a true
// rate of α (or β) would exceed with probability 1e-6, so a broken method fails it and a
// correct one cannot flake (fixed seeds make every run identical anyway).
import assert from "node:assert/strict";
import type { ProportionSpec } from "../../harness/stats/index.js";
import { rejectionCount } from "./binomial-tail.js";
import { sequentialDecider } from "./run-sequential.js";
import { tally, type Tally, type TrueShares } from "./simulate.js";

interface Case {
  name: string;
  weights: Record<string, number>;
  truth: TrueShares;
}

const conforming: Case[] = [
  { name: "90/10", weights: { v1: 90, v2: 10 }, truth: { v1: 0.9, v2: 0.1 } },
  { name: "75/25", weights: { v1: 75, v2: 25 }, truth: { v1: 0.75, v2: 0.25 } },
  { name: "50/30/20", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.5, b: 0.3, c: 0.2 } },
];

// One destination exactly δ off; the others absorb it, staying inside the indifference zone
// so that only the test of the shifted destination can catch it.
const offByDelta: Case[] = [
  { name: "90/10 at 95/5", weights: { v1: 90, v2: 10 }, truth: { v1: 0.95, v2: 0.05 } },
  { name: "90/10 at 85/15", weights: { v1: 90, v2: 10 }, truth: { v1: 0.85, v2: 0.15 } },
  { name: "75/25 at 80/20", weights: { v1: 75, v2: 25 }, truth: { v1: 0.8, v2: 0.2 } },
  { name: "75/25 at 70/30", weights: { v1: 75, v2: 25 }, truth: { v1: 0.7, v2: 0.3 } },
  { name: "97/3 at 92/8 (one side per destination)", weights: { v1: 97, v2: 3 }, truth: { v1: 0.92, v2: 0.08 } },
  { name: "50/30/20 at 55/27/18", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.55, b: 0.27, c: 0.18 } },
  { name: "50/30/20 at 52/33/15", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.52, b: 0.33, c: 0.15 } },
];

function simulate(c: Case, spec: Omit<ProportionSpec, "weights">, runs: number, seed: number): Tally {
  return tally(sequentialDecider({ weights: c.weights, ...spec }), c.truth, runs, seed);
}

function assertRateAtMost(observed: number, runs: number, rate: number, what: string): void {
  const limit = rejectionCount(runs, rate);
  assert.ok(observed < limit, `${what}: ${observed}/${runs} (limit ${limit} for a true rate of ${rate})`);
}

describe("proportion test error rates (seeded Monte Carlo)", function () {
  this.timeout(20_000);

  describe("false fail ≤ α on a conforming mesh", () => {
    conforming.forEach((c, i) => {
      it(`${c.name}, α = 0.001 (default), 2000 runs`, () => {
        const t = simulate(c, {}, 2000, 1000 + i);
        assertRateAtMost(t.fail, t.runs, 0.001, "false fails");
        assertRateAtMost(t.inconclusive, t.runs, 0.01, "inconclusive");
      });
      // α = 0.001 is too rare to measure in seconds; at α = 0.05 a broken bound shows.
      it(`${c.name}, α = 0.05, 2000 runs`, () => {
        const t = simulate(c, { alpha: 0.05 }, 2000, 2000 + i);
        assertRateAtMost(t.fail, t.runs, 0.05, "false fails");
      });
    });
  });

  describe("false pass ≤ β with a share off by exactly δ", () => {
    offByDelta.forEach((c, i) => {
      it(`${c.name}, β = 0.01 (default), 2000 runs`, () => {
        const t = simulate(c, {}, 2000, 3000 + i);
        assertRateAtMost(t.pass, t.runs, 0.01, "false passes");
      });
    });
    it("90/10 at 95/5, β = 0.1, 3000 runs (the bound is nearly tight here)", () => {
      const first = offByDelta[0];
      assert.ok(first);
      const t = simulate(first, { beta: 0.1 }, 3000, 4000);
      assertRateAtMost(t.pass, t.runs, 0.1, "false passes");
      // Far above 0: the pass side works at all, and the rate is near β, not needlessly low.
      assert.ok(t.pass > 150, `${t.pass} passes: the test should spend most of β`);
    });
  });

  describe("destinations that must get nothing", () => {
    it("a weight-0 destination at share δ passes ≤ β (single 100% route, 3000 runs)", () => {
      const c = { name: "100/0", weights: { v1: 100, v2: 0 }, truth: { v1: 0.95, v2: 0.05 } };
      const t = simulate(c, {}, 3000, 5000);
      assertRateAtMost(t.pass, t.runs, 0.01, "false passes");
      assert.equal(t.inconclusive, 0);
    });
    it("an unexpected destination at share δ passes ≤ β (3000 runs)", () => {
      const c = { name: "100 + stray", weights: { v1: 100 }, truth: { v1: 0.95, stray: 0.05 } };
      const t = simulate(c, {}, 3000, 5001);
      assertRateAtMost(t.pass, t.runs, 0.01, "false passes");
    });
  });

  describe("budget and power", () => {
    it("a tiny budget ends every run inconclusive, never wrong", () => {
      const c = conforming[0];
      assert.ok(c);
      const t = simulate(c, { budget: 30 }, 500, 6000);
      assert.equal(t.inconclusive, 500);
      assert.ok(t.requests.every((n) => n === 30));
    });
    it("a share off by 2δ fails every run, sooner than at δ", () => {
      const c = { name: "90/10 at 80/20", weights: { v1: 90, v2: 10 }, truth: { v1: 0.8, v2: 0.2 } };
      const far = simulate(c, {}, 1000, 7000);
      const near = offByDelta[0];
      assert.ok(near);
      const atDelta = simulate(near, {}, 1000, 7001);
      assert.equal(far.fail, 1000);
      const mean = (t: Tally): number => t.requests.reduce((s, n) => s + n, 0) / t.runs;
      assert.ok(mean(far) < mean(atDelta) / 2, `2δ mean ${mean(far)} vs δ mean ${mean(atDelta)}`);
    });
    it("inside the indifference zone every verdict is allowed, within the budget", () => {
      const c = { name: "90/10 at 92.5/7.5", weights: { v1: 90, v2: 10 }, truth: { v1: 0.925, v2: 0.075 } };
      const t = simulate(c, { budget: 2000 }, 500, 8000);
      assert.equal(t.pass + t.fail + t.inconclusive, 500);
      assert.ok(t.requests.every((n) => n <= 2000));
    });
  });
});
