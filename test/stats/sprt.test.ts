import assert from "node:assert/strict";
import { BernoulliSprt } from "../../harness/stats/index.js";

describe("BernoulliSprt", () => {
  it("uses the exact thresholds ln(1/α) and ln(β)", () => {
    const t = new BernoulliSprt(0.9, 0.95, 0.001, 0.01);
    assert.equal(t.upper, Math.log(1000));
    assert.equal(t.lower, Math.log(0.01));
  });

  it("rejects H0 on a run of hits and then stays decided", () => {
    const t = new BernoulliSprt(0.5, 0.6, 0.01, 0.01);
    // Each hit adds ln(1.2) = 0.182; ln(100) = 4.605 needs 26 hits.
    for (let i = 0; i < 25; i++) assert.equal(t.update(true), "running");
    assert.equal(t.update(true), "reject-null");
    assert.equal(t.update(false), "reject-null");
    assert.ok(t.peakLikelihoodRatio >= 100);
  });

  it("accepts H0 on a run of misses; the peak ratio stays 1", () => {
    const t = new BernoulliSprt(0.5, 0.6, 0.01, 0.01);
    // Each miss adds ln(0.8) = -0.223; ln(0.01) = -4.605 needs 21 misses.
    for (let i = 0; i < 20; i++) assert.equal(t.update(false), "running");
    assert.equal(t.update(false), "accept-null");
    assert.equal(t.peakLikelihoodRatio, 1);
  });

  it("settles at once when H1 is a certainty and the data contradict it", () => {
    const t = new BernoulliSprt(0.95, 1, 0.001, 0.01);
    assert.equal(t.update(true), "running");
    assert.equal(t.update(false), "accept-null");
  });

  it("refuses a degenerate null", () => {
    assert.throws(() => new BernoulliSprt(0, 0.05, 0.01, 0.01), /0 < p0 < 1/);
    assert.throws(() => new BernoulliSprt(0.5, 0.5, 0.01, 0.01), /p0 ≠ p1/);
  });
});
