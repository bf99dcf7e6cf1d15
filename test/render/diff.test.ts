import assert from "node:assert/strict";
import { diffExitCode, diffReports } from "../../harness/diff/compare.js";
import { formatDiff } from "../../harness/diff/format.js";
import { canaryReport } from "./fixtures.js";

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

  it("a share that moved away from its weight by more than the tolerance is a regression, even when both passed", () => {
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.84, v2: 0.16 }));
    assert.deepEqual(d.statusChanges, []);
    assert.equal(d.tolerance, 0.05);
    assert.deepEqual(d.shareMoves.map((m) => [m.destination, m.direction, +m.moved.toFixed(2)]), [["v1", "away", -0.06], ["v2", "away", 0.06]]);
    assert.equal(d.regression, true);
    // Within a wider tolerance it is not.
    assert.equal(diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.84, v2: 0.16 }), { tolerance: 0.1 }).regression, false);
  });

  it("a move of exactly the tolerance does not count", () => {
    const d = diffReports(canaryReport("a", "pass", ok), canaryReport("b", "pass", { v1: 0.85, v2: 0.15 }));
    assert.deepEqual(d.shareMoves, []);
  });

  it("latency percentiles that moved ×1.5 and ≥ 1 ms are listed, but are not a regression", () => {
    const d = diffReports(canaryReport("a", "pass", ok, [5, 20]), canaryReport("b", "pass", ok, [5.4, 40]));
    assert.deepEqual(d.latencyMoves.map((m) => [m.percentile, m.direction, m.ratio]), [["p99", "slower", 2]]);
    assert.equal(d.regression, false);
    // ×3 but under 1 ms apart: noise on a fast path, not listed.
    assert.deepEqual(diffReports(canaryReport("a", "pass", ok, [0.2, 0.3]), canaryReport("b", "pass", ok, [0.6, 0.9])).latencyMoves, []);
    assert.equal(diffReports(canaryReport("a", "pass", ok, [10, 40]), canaryReport("b", "pass", ok, [4, 40])).latencyMoves[0]?.direction, "faster");
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
