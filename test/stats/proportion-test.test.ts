// Deterministic behaviour of SequentialProportionTest: the immediate failures, the budget,
// the evidence. Error rates are proven separately, by simulation, in error-rates.test.ts.
import assert from "node:assert/strict";
import { METHOD, minimumRequestsToPass, SequentialProportionTest, type ProportionVerdict } from "../../harness/stats/index.js";
import { destinationSampler, seededRng } from "../../bench/stats/simulate.js";

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
    assert.match(evidence.reason, /"v3" has weight 0 but answered request 2: it must get nothing/);
    assert.deepEqual(evidence.destinations[2]?.band, [0, 0]);
    assert.equal(evidence.destinations[2]?.finding, "outside");
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

  it("says so when finished before any response", () => {
    const { verdict, evidence } = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } }).finish();
    assert.equal(verdict, "inconclusive");
    assert.equal(evidence.requestsNeeded, undefined);
    assert.equal(evidence.reason, "stopped after 0 of 5000 budgeted requests, before a claim could be made: no response was observed");
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

  it("passes exact 90/10 traffic with every pass-claim interval inside its band", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    assert.equal(runToVerdict(t, cycle(ninetyTen)), "pass");
    const { evidence } = t.finish();
    assert.equal(evidence.method, METHOD);
    assert.equal(METHOD, "confidence-sequence/v2");
    assert.deepEqual([evidence.alpha, evidence.beta, evidence.delta, evidence.budget], [0.001, 0.01, 0.05, 5000]);
    assert.equal(evidence.requests, t.requests);
    assert.equal(evidence.destinations.reduce((s, d) => s + d.observed, 0), evidence.requests);
    for (const d of evidence.destinations) {
      assert.equal(d.share, d.observed / evidence.requests);
      assert.equal(d.ciLevel, 0.99, "a pass rests on the 1 − β interval");
      assert.equal(d.finding, "within");
      assert.ok(d.ci[0] <= d.share && d.share <= d.ci[1], `${d.name} CI ${d.ci} holds ${d.share}`);
      assert.ok(d.band[0] <= d.ci[0] && d.ci[1] <= d.band[1], `${d.name} CI ${d.ci} inside band ${d.band}`);
    }
    assert.deepEqual(evidence.destinations.map((d) => d.band.map((x) => +x.toFixed(6))), [[0.85, 0.95], [0.05, 0.15]]);
    assert.ok(evidence.pValue > evidence.alpha, `pass means p=${evidence.pValue} > α`);
    assert.match(evidence.reason, /^v1 \d+\.\d% \[8[5-9]\.\d, 9[0-5]\.\d\] is within 90 ± 5, v2 \d+\.\d% \[\d+\.\d, 1[0-5]\.\d\] is within 10 ± 5 after \d+ requests \(pass claim, β = 0\.01\)$/);
  });

  it("clips the band at 0 (97/3: 3 ± 5 means 0–8%) and still needs the upper edge", () => {
    const t = new SequentialProportionTest({ weights: { v1: 97, v2: 3 } });
    const pattern = [...Array<string>(32).fill("v1"), "v2"];
    assert.equal(runToVerdict(t, cycle(pattern)), "pass");
    const v2 = t.finish().evidence.destinations[1];
    assert.deepEqual(v2?.band.map((x) => +x.toFixed(6)), [0, 0.08]);
    assert.ok((v2?.ci[1] ?? 1) <= 0.08);
  });

  it("fails a 80/20 split for a 90/10 weight with the fail-claim interval clear of the band", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    assert.equal(runToVerdict(t, cycle([...Array<string>(4).fill("v1"), "v2"])), "fail");
    const { evidence } = t.finish();
    assert.ok(evidence.pValue <= evidence.alpha, `fail means p=${evidence.pValue} ≤ α`);
    const v2 = evidence.destinations[1];
    assert.equal(v2?.ciLevel, 0.999);
    assert.equal(v2?.finding, "outside");
    assert.ok((v2?.ci[0] ?? 0) > 0.15, `v2 interval ${v2?.ci} above 15%`);
    assert.match(evidence.reason, /^v2 20\.0% \[1[5-9]\.\d, \d+\.\d\] is outside 10 ± 5 after \d+ requests \(fail claim, α = 0\.001\)$/);
  });

  it("splits α over three or more shares, and says so", () => {
    const t = new SequentialProportionTest({ weights: { a: 50, b: 30, c: 20 } });
    assert.equal(runToVerdict(t, cycle(["a", "a", "b", "b", "b", "b", "b", "c", "c", "c"])), "fail");
    const { evidence } = t.finish();
    assert.match(evidence.reason, /^[abc] \d+\.\d% \[\d+\.\d, \d+\.\d\] is outside [235]0 ± 5 after \d+ requests \(fail claim, α = 0\.001 split over 3 shares\)$/);
    assert.ok(Math.abs((evidence.destinations[1]?.ciLevel ?? 0) - (1 - 0.001 / 3)) < 1e-12);
  });

  it("does not fail 87/13 traffic (inside the band) and does not pass 84/16 (outside it)", () => {
    const inside = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
    assert.equal(runToVerdict(inside, cycle([...Array<string>(87).fill("v1"), ...Array<string>(13).fill("v2")])), "pass");
    const outside = new SequentialProportionTest({ weights: { v1: 90, v2: 10 }, budget: 100_000 });
    assert.equal(runToVerdict(outside, cycle([...Array<string>(84).fill("v1"), ...Array<string>(16).fill("v2")])), "fail");
  });

  it("near the edge says inconclusive, naming the share, its interval and the requests a decision needs", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 }, budget: 2000 });
    // 7 in 50 (14%), spread out so no phase of the cycle strays far from 14%.
    const pattern = [...Array.from({ length: 7 }, () => [...Array<string>(6).fill("v1"), "v2"]).flat(), "v1"];
    assert.equal(runToVerdict(t, cycle(pattern)), "inconclusive");
    const { evidence } = t.finish();
    assert.equal(evidence.destinations[1]?.finding, "undecided");
    assert.ok((evidence.requestsNeeded ?? 0) > 2000, `needs ${evidence.requestsNeeded}`);
    assert.match(
      evidence.reason,
      /^budget of 2000 requests spent with no claim possible: v2 14\.0% \[\d+\.\d, \d+\.\d\] is neither within 10 ± 5 \(pass claim, β = 0\.01\) nor outside it \(fail claim, α = 0\.001\); at these shares a decision needs about \d+ requests$/,
    );
    // The estimate is honest: with the same shares and that many requests, the test passes.
    const again = new SequentialProportionTest({ weights: { v1: 90, v2: 10 }, budget: 1_000_000 });
    assert.equal(runToVerdict(again, cycle(pattern)), "pass");
    assert.ok(Math.abs(again.requests - (evidence.requestsNeeded ?? 0)) < 0.1 * again.requests, `passed at ${again.requests}, estimate ${evidence.requestsNeeded}`);
  });

  it("on the band's edge says no number of requests decides", () => {
    const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 }, budget: 400 });
    assert.equal(runToVerdict(t, cycle([...Array<string>(17).fill("v1"), ...Array<string>(3).fill("v2")])), "inconclusive");
    const { evidence } = t.finish();
    assert.equal(evidence.requestsNeeded, undefined);
    assert.match(evidence.reason, /v2 15\.0% .* no number of requests decides$/);
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
    // Every point carries its pass-claim interval; the last one sits inside the band (a pass).
    for (const point of trace) assert.ok(point.intervals?.a && point.intervals.a[0] <= (point.shares.a ?? -1) && (point.shares.a ?? 2) <= point.intervals.a[1]);
    const last = trace.at(-1)?.intervals?.a ?? [0, 1];
    assert.ok(last[0] >= 0.49 && last[1] <= 0.51, `last interval ${last}`);
  });

  it("runs a 200k-request budget out to inconclusive with a trace still ≤ 200 points", () => {
    const t = new SequentialProportionTest({ weights: { a: 50, b: 50 }, delta: 0.001, budget: 200_000 });
    const next = destinationSampler({ a: 0.5, b: 0.5 }, seededRng(7));
    assert.equal(runToVerdict(t, next), "inconclusive");
    assert.ok((t.finish().evidence.trace?.length ?? 0) <= 200);
  });
});
