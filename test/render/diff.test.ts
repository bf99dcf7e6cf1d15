import assert from "node:assert/strict";
import { diffExitCode, diffReports } from "../../harness/diff/compare.js";
import { formatDiff } from "../../harness/diff/format.js";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RunReport } from "../../harness/report/types.js";
import { canaryReport } from "./fixtures.js";

/** A canary report whose v1 answered `v1` of `requests` (v2 the rest). */
function countsReport(runId: string, v1: number, requests: number): RunReport {
  const r = canaryReport(runId, "pass", { v1: v1 / requests, v2: 1 - v1 / requests });
  const c = r.checks[0]!;
  if (c.evidence.kind !== "canary") throw new Error("fixture");
  const p = c.evidence.proportion;
  const destinations = p.destinations.map((d) => {
    const observed = d.name === "v1" ? v1 : requests - v1;
    return { ...d, observed, share: observed / requests };
  });
  return { ...r, checks: [{ ...c, evidence: { ...c.evidence, proportion: { ...p, requests, destinations } } }] };
}

const LE = [1, 2.5, 5, 10, 25, 50, 100, 250];
/** A report whose check's latency histogram has `perBucket[i]` requests in bucket i, with the given p50/p99. */
function latencyReport(runId: string, perBucket: number[], p50Ms: number, p99Ms: number): RunReport {
  const r = canaryReport(runId, "pass", ok, [p50Ms, p99Ms]);
  const c = r.checks[0]!;
  const cumulative = perBucket.reduce<number[]>((acc, n) => [...acc, (acc.at(-1) ?? 0) + n], []);
  const count = cumulative.at(-1) ?? 0;
  const traffic = { ...c.traffic, latency: { ...c.traffic.latency, count, p50Ms, p99Ms }, latencyHistogram: { leMs: LE, cumulative, count, sumMs: p50Ms * count } };
  return { ...r, checks: [{ ...c, traffic }] };
}

const ok = { v1: 0.9, v2: 0.1 };

describe("diff of two runs", () => {
  it("a check that got worse is a regression", () => {
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "error", ok));
    assert.deepEqual(d.statusChanges, [{ id: "canary-split/workshop-canary", before: "pass", after: "error", direction: "worse" }]);
    assert.equal(d.regression, true);
    assert.match(formatDiff(d), /REGRESSION canary-split\/workshop-canary: pass → error/);
  });

  it("an improvement is not a regression, and a share moving back to its weight is a fix", () => {
    const d = diffReports(canaryReport("a", "fail", { v1: 0.8, v2: 0.2 }), canaryReport("b", "pass", ok));
    assert.equal(d.statusChanges[0]?.direction, "better");
    assert.equal(d.shareMoves.length, 2);
    assert.ok(d.shareMoves.every((m) => m.direction === "toward"));
    assert.equal(d.regression, false);
  });

  it("a share that moved away from its weight beyond sampling noise is a regression, even when both passed", () => {
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.8, v2: 0.2 }));
    assert.deepEqual(d.statusChanges, []);
    assert.equal(d.alpha, 0.001, "the runs' own α");
    assert.deepEqual(d.shareMoves.map((m) => [m.destination, m.direction, +m.moved.toFixed(2), m.level]), [["v1", "away", -0.1, 0.0005], ["v2", "away", 0.1, 0.0005]]);
    assert.ok(d.shareMoves.every((m) => m.pValue < 2e-4 && m.pValue > 5e-5), "Fisher p ≈ 1.0e-4 on 400 + 400 requests");
    assert.equal(d.regression, true);
    assert.match(formatDiff(d), /REGRESSION canary-split\/workshop-canary share of v2: 10\.0% → 20\.0% .*Fisher's exact test p = 0\.0001 ≤ 0\.0005/);
    // At a stricter α the same move is not enough evidence.
    assert.equal(diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.8, v2: 0.2 }), { alpha: 1e-6 }).regression, false);
  });

  it("two healthy runs whose shares differ by more than δ are not a regression when that is sampling noise", () => {
    // 90/10 then 84/16 on 400 requests each: 6 points apart (δ = 5), Fisher p ≈ 0.015 > α/2.
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.84, v2: 0.16 }));
    assert.deepEqual(d.shareMoves, []);
    assert.equal(d.regression, false);
  });

  it("two runs of one 90/10 mesh are flagged at most at rate α; a 90/10 → 80/20 change almost always", () => {
    const rng = xoroshiro128plus(20261130);
    const run = (id: string, p: number, n: number) => {
      let v1 = 0;
      for (let i = 0; i < n; i++) if (uniformFloat64(rng) < p) v1++;
      return countsReport(id, v1, n);
    };
    const PAIRS = 2000;
    let falseFlags = 0;
    let caught = 0;
    for (let i = 0; i < PAIRS; i++) {
      const n = 200 + (i % 10) * 200;
      if (diffReports(run("a", 0.9, n), run("b", 0.9, n), { alpha: 0.01 }).shareMoves.length > 0) falseFlags++;
      if (diffReports(run("a", 0.9, 1000), run("b", 0.8, 1000)).regression) caught++;
    }
    // At α = 0.01 the expected false flags are ≤ 20 of 2000; 40 is far above any plausible draw (binomial sd ≈ 4.5).
    assert.ok(falseFlags <= 40, `healthy pairs flagged: ${falseFlags} of ${PAIRS}`);
    assert.ok(caught >= PAIRS * 0.99, `90/10 → 80/20 at 1000 requests caught ${caught} of ${PAIRS}`);
  });

  it("latency percentiles that moved ×1.5 and ≥ 1 ms, with the slow share moving significantly, are listed, but are not a regression", () => {
    // Before: 400 requests, 4 above 10 ms (p99 ≈ 20 ms). After: 40 above 25 ms (p99 ≈ 40 ms).
    const before = latencyReport("a", [0, 100, 250, 46, 4, 0, 0, 0], 4, 20);
    const after = latencyReport("b", [0, 100, 200, 40, 20, 40, 0, 0], 4.2, 40);
    const d = diffReports(before, after);
    assert.deepEqual(d.latencyMoves.map((m) => [m.percentile, m.direction, m.ratio, m.edgeMs]), [["p99", "slower", 2, 25]]);
    assert.equal(d.regression, false);
    assert.match(formatDiff(d), /slower {5}canary-split\/workshop-canary p99: 20\.0 ms → 40\.0 ms \(×2\.00; slower than 25\.0 ms: 0\.0% → 10\.0%, p = /);
    // The same percentiles from 10 requests after: one slow answer is not evidence of a slower tail.
    const few = latencyReport("c", [0, 2, 5, 2, 0, 1, 0, 0], 4.2, 40);
    assert.deepEqual(diffReports(before, few).latencyMoves, []);
    // ×3 but under 1 ms apart: noise on a fast path, not listed.
    assert.deepEqual(diffReports(canaryReport("a", "pass", ok, [0.2, 0.3]), canaryReport("b", "pass", ok, [0.6, 0.9])).latencyMoves, []);
    // Faster: the share above the edge between the two percentiles fell significantly.
    const slow = latencyReport("d", [0, 0, 100, 250, 50, 0, 0, 0], 10, 25);
    const fast = latencyReport("e", [0, 300, 100, 0, 0, 0, 0, 0], 4, 5);
    assert.deepEqual(diffReports(slow, fast).latencyMoves.map((m) => [m.percentile, m.direction]), [["p50", "faster"], ["p99", "faster"]]);
  });

  it("names what differed besides the mesh first: faults, target, settings", () => {
    const before = canaryReport("a", "pass", ok);
    const after = { ...canaryReport("b", "fail", { v1: 0.8, v2: 0.2 }) };
    after.target = { ...after.target, faults: ["canary-weights=80/20"] };
    after.settings = { ...after.settings, stats: { ...after.settings.stats, delta: 0.1 } };
    const d = diffReports(before, after);
    assert.deepEqual(d.context, [
      { what: "faults", before: "none", after: "canary-weights=80/20" },
      { what: "stats delta", before: "0.05", after: "0.1" },
    ]);
    const text = formatDiff(d);
    const lines = text.split("\n");
    assert.match(lines[1] ?? "", /^ {2}differs {4}faults: none → canary-weights=80\/20$/);
    assert.match(lines[2] ?? "", /^ {2}differs {4}stats delta: 0\.05 → 0\.1$/);
    assert.match(text, /the runs differ in faults, stats delta: read the findings with that in mind/);
    assert.deepEqual(diffReports(before, canaryReport("c", "pass", ok)).context, []);
  });

  it("checks added or removed are listed as changes, not regressions", () => {
    const before = canaryReport("a", "pass", ok);
    const after = { ...canaryReport("b", "pass", ok), checks: [], skipped: [{ check: "canary-split", feature: "canary" as const, reason: "no canary section" }] };
    const d = diffReports(before, after);
    assert.deepEqual(d.statusChanges.map((c) => [c.id, c.before, c.after, c.direction]), [
      ["canary-split", "absent", "skipped", "other"],
      ["canary-split/workshop-canary", "pass", "absent", "other"],
    ]);
    assert.equal(d.regression, false);
  });

  it("an after-run that tested nothing is never \"no regression\": it says so, exit 3", () => {
    const before = canaryReport("a", "pass", ok);
    const after = { ...canaryReport("b", "error", ok), checks: [], problems: ["target unreachable"] };
    const d = diffReports(before, after);
    assert.equal(d.regression, false);
    assert.equal(d.compared, 0);
    assert.match(d.nothingCompared ?? "", /^the after-run tested nothing \(no check ran; its verdict: could-not-test, target unreachable\)$/);
    assert.equal(diffExitCode(d), 3);
    const text = formatDiff(d);
    assert.doesNotMatch(text, /: no regression/);
    assert.match(text, /meshcheck diff: nothing to compare — the after-run tested nothing .*cannot say there is no regression \(exit 3\)\n$/);
    // Runs with no check in common compare nothing either.
    const other = { ...canaryReport("c", "pass", ok), checks: [{ ...canaryReport("c", "pass", ok).checks[0]!, id: "canary-split/other" }] };
    assert.equal(diffReports(before, other).nothingCompared, "the two runs have no check in common");
    assert.equal(diffExitCode(diffReports(before, canaryReport("d", "pass", ok))), 0);
  });

  it("identical runs: no findings", () => {
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", ok));
    assert.equal(d.statusChanges.length + d.shareMoves.length + d.latencyMoves.length, 0);
    assert.match(formatDiff(d), /no changes[\s\S]*no regression in 1 check\(s\) compared \(exit 0\)/);
  });
});
