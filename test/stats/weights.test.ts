import assert from "node:assert/strict";
import { resolveSpec, validateWeights } from "../../harness/stats/index.js";

function oneLineError(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
}

describe("validateWeights", () => {
  it("accepts percent tables summing to 100, decimals included", () => {
    validateWeights({ v1: 90, v2: 10 });
    validateWeights({ only: 100 });
    validateWeights({ a: 33.33, b: 33.33, c: 33.34 });
    validateWeights({ v1: 100, v2: 0 });
  });

  it("rejects an empty table", () => oneLineError(() => validateWeights({}), /weights are empty/));

  it("rejects a table not summing to 100 and shows it", () =>
    oneLineError(() => validateWeights({ v1: 90, v2: 5 }), /sum to 100 percent, got 95 \(v1=90, v2=5\)/));

  it("rejects fractions mistaken for percents", () =>
    oneLineError(() => validateWeights({ v1: 0.9, v2: 0.1 }), /sum to 100 percent, got 1/));

  it("rejects a negative weight, naming it", () =>
    oneLineError(() => validateWeights({ v1: 110, v2: -10 }), /weight of "v2" is negative/));

  it("rejects non-finite weights", () => {
    oneLineError(() => validateWeights({ v1: Number.NaN, v2: 100 }), /weight of "v1" must be a finite number/);
    oneLineError(() => validateWeights({ v1: Number.POSITIVE_INFINITY }), /weight of "v1" must be a finite number/);
  });
});

describe("resolveSpec", () => {
  it("fills the documented defaults and keeps weights order", () => {
    const r = resolveSpec({ weights: { v2: 10, v1: 90 } });
    assert.deepEqual(r, { names: ["v2", "v1"], shares: [0.1, 0.9], alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000 });
  });

  it("rejects error rates and tolerances outside the knob table's (0, 0.5)", () => {
    oneLineError(() => resolveSpec({ weights: { a: 100 }, alpha: 0 }), /^alpha must be a number above 0 and below 0\.5 \(got 0\)$/);
    oneLineError(() => resolveSpec({ weights: { a: 100 }, beta: 0.5 }), /beta must be a number above 0 and below 0\.5/);
    oneLineError(() => resolveSpec({ weights: { a: 100 }, delta: Number.NaN }), /delta must be/);
  });

  it("rejects a budget that is not a whole number from 1 to 10000000", () => {
    oneLineError(() => resolveSpec({ weights: { a: 100 }, budget: 10_000_001 }), /^budget must be a whole number from 1 to 10000000 \(got 10000001\)$/);
    oneLineError(() => resolveSpec({ weights: { a: 100 }, budget: 0 }), /budget must be a whole number/);
    oneLineError(() => resolveSpec({ weights: { a: 100 }, budget: 2.5 }), /budget must be a whole number/);
  });
});
