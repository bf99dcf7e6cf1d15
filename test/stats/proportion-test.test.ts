// Deterministic behaviour of SequentialProportionTest: the immediate failures, the budget,
// the evidence. Error rates are proven separately, by simulation, in error-rates.test.ts.
import assert from "node:assert/strict";
import { METHOD, minimumRequestsToPass, SequentialProportionTest, type ProportionVerdict } from "../../harness/stats/index.js";
import { destinationSampler, seededRng } from "./simulate.js";

function runToVerdict(test: SequentialProportionTest, next: () => string): ProportionVerdict {
  for (;;) {
    const v = test.observe(next());
    if (v !== undefined) return v;
  }
}

/** Repeats a fixed pattern forever: shares exactly as the pattern, no randomness. */
function cycle(pattern: string[]): () => string {
  let i = 0;
  return () => pattern[i++ % pattern.length] ?? "";
}

const ninetyTen = [...Array<string>(9).fill("v1"), "v2"];

describe("SequentialProportionTest", () => {
  it("fails at the first hit on a weight-0 destination", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10, v3: 0 } });
    assert.equal(t.observe("v1"), undefined);
    assert.equal(t.observe("v3"), "fail");
    const { verdict, evidence } = t.finish();
    assert.equal(verdict, "fail");
    assert.equal(evidence.requests, 2);
    assert.equal(evidence.pValue, 0);
    assert.match(evidence.reason, /"v3" has weight 0/);
    assert.deepEqual(evidence.destinations.map((d) => [d.name, d.observed]), [["v1", 1], ["v2", 0], ["v3", 1]]);
  });

  it("fails at the first unexpected destination and lists it last", () => {
    const t = new SequentialProportionTest({ weights: { v2: 10, v1: 90 } });
    t.observe("v1");
    assert.equal(t.observe("canary-typo"), "fail");
    const { evidence } = t.finish();
    assert.equal(evidence.unexpected, "canary-typo");
    assert.equal(evidence.pValue, 0);
    assert.deepEqual(evidence.destinations.map((d) => d.name), ["v2", "v1", "canary-typo"]);
    assert.deepEqual(evidence.destinations.map((d) => d.expectedShare), [0.1, 0.9, 0]);
    assert.match(evidence.reason, /unexpected destination "canary-typo"/);
  });

  it("answers inconclusive exactly at a tiny budget", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 }, budget: 40 });
    const next = cycle(ninetyTen);
    for (let i = 1; i < 40; i++) assert.equal(t.observe(next()), undefined, `request ${i}`);
    assert.equal(t.observe(next()), "inconclusive");
    assert.equal(t.requests, 40);
    assert.match(t.finish().evidence.reason, /budget of 40 requests spent/);
  });

  it("closes an undecided test as inconclusive on finish()", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    t.observe("v1");
    const { verdict, evidence } = t.finish();
    assert.equal(verdict, "inconclusive");
    assert.equal(t.verdict, "inconclusive");
    assert.match(evidence.reason, /stopped after 1 of 5000/);
  });

  it("ignores responses after its verdict", () => {
    const t = new SequentialProportionTest({ weights: { v1: 100 } });
    assert.equal(t.observe("v2"), "fail");
    assert.equal(t.observe("v1"), "fail");
    assert.equal(t.requests, 1);
  });

  it("needs ⌈ln β / ln(1−δ)⌉ clean requests before passing a single destination", () => {
    assert.equal(minimumRequestsToPass(0.01, 0.05), 90); // 0.95^90 = 0.0099 ≤ 0.01 < 0.95^89
    const t = new SequentialProportionTest({ weights: { v1: 100, v0: 0 } });
    for (let i = 1; i < 90; i++) assert.equal(t.observe("v1"), undefined);
    assert.equal(t.observe("v1"), "pass");
  });

  it("passes exact 90/10 traffic, with evidence consistent with the counts", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    assert.equal(runToVerdict(t, cycle(ninetyTen)), "pass");
    const { evidence } = t.finish();
    assert.equal(evidence.method, METHOD);
    assert.deepEqual([evidence.alpha, evidence.beta, evidence.delta, evidence.budget], [0.001, 0.01, 0.05, 5000]);
    assert.equal(evidence.requests, t.requests);
    assert.equal(evidence.destinations.reduce((s, d) => s + d.observed, 0), evidence.requests);
    for (const d of evidence.destinations) {
      assert.equal(d.share, d.observed / evidence.requests);
      assert.equal(d.ciLevel, 0.999);
      assert.ok(d.ci[0] <= d.share && d.share <= d.ci[1], `${d.name} CI ${d.ci} holds ${d.share}`);
      assert.ok(d.ci[0] <= d.expectedShare && d.expectedShare <= d.ci[1]);
    }
    assert.ok(evidence.pValue > evidence.alpha, `pass means p=${evidence.pValue} > α`);
    assert.match(evidence.reason, /within ±5% of its weight \(4 SPRTs accepted\)/);
  });

  it("skips the sides where w ± δ leaves [0, 1] (97/3 has one SPRT per destination)", () => {
    const t = new SequentialProportionTest({ weights: { v1: 97, v2: 3 } });
    const pattern = [...Array<string>(32).fill("v1"), "v2"];
    assert.equal(runToVerdict(t, cycle(pattern)), "pass");
    assert.match(t.finish().evidence.reason, /\(2 SPRTs accepted\)/);
  });

  it("fails a 80/20 split for a 90/10 weight, naming the side", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    assert.equal(runToVerdict(t, cycle([...Array<string>(4).fill("v1"), "v2"])), "fail");
    const { evidence } = t.finish();
    assert.ok(evidence.pValue <= evidence.alpha, `fail means p=${evidence.pValue} ≤ α`);
    assert.match(evidence.reason, /"v1" gets .* below 90%|"v2" gets .* above 10%/);
  });

  it("keeps the trace bounded, increasing and ending at the last request", () => {
    // δ = 1 point on a 50/50 split takes tens of thousands of requests to accept.
    const t = new SequentialProportionTest({ weights: { a: 50, b: 50 }, delta: 0.01, budget: 1_000_000 });
    assert.equal(runToVerdict(t, cycle(["a", "b"])), "pass");
    const trace = t.finish().evidence.trace ?? [];
    assert.ok(t.requests > 10_000, `ran ${t.requests}`);
    assert.ok(trace.length <= 200 && trace.length > 100, `${trace.length} points`);
    for (let i = 1; i < trace.length; i++) assert.ok((trace[i]?.requests ?? 0) > (trace[i - 1]?.requests ?? 0));
    assert.equal(trace[0]?.requests, 1);
    assert.equal(trace.at(-1)?.requests, t.requests);
    assert.deepEqual(Object.keys(trace.at(-1)?.shares ?? {}), ["a", "b"]);
    assert.equal(trace.at(-1)?.shares.a, 0.5);
  });

  it("runs a 200k-request budget out to inconclusive with a trace still ≤ 200 points", () => {
    const t = new SequentialProportionTest({ weights: { a: 50, b: 50 }, delta: 0.001, budget: 200_000 });
    const next = destinationSampler({ a: 0.5, b: 0.5 }, seededRng(7));
    assert.equal(runToVerdict(t, next), "inconclusive");
    assert.ok((t.finish().evidence.trace?.length ?? 0) <= 200);
  });
});
