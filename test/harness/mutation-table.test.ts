// The mutation table itself (harness/selftest/mutation-table.ts), without running a mesh: it
// names every check and every local-mesh fault, its faults parse, and the stress benchmark's
// scoring calls only a pass or fail outside the allowed set wrong.
import assert from "node:assert/strict";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { CLEAN, MUTATION_CHECKS, MUTATION_TABLE, rowTitle, TIMING_JUDGED } from "../../harness/selftest/mutation-table.js";
import type { MutationOutcome } from "../../harness/selftest/run-mutation.js";
import type { CheckResult, RunReport } from "../../harness/report/types.js";
import { FAULT_USAGE } from "../../local-mesh/index.js";
import { parseFaults } from "../../local-mesh/runtime/faults.js";
import { scoreRow } from "../../bench/stress/classify.js";

describe("mutation table", () => {
  it("covers every check, and every check passes on the clean mesh (timing-judged ones: pass or inconclusive, never fail)", () => {
    assert.deepEqual([...MUTATION_CHECKS].sort(), ALL_CHECKS.map((c) => c.id).sort());
    assert.deepEqual(MUTATION_TABLE[0]!.faults, []);
    for (const c of MUTATION_CHECKS) assert.deepEqual(CLEAN[c], TIMING_JUDGED.includes(c) ? ["pass", "inconclusive"] : ["pass"], c);
  });

  it("has a row for every local-mesh fault, and every row's faults parse", () => {
    const used = new Set(MUTATION_TABLE.flatMap((r) => r.faults.map((f) => f.split("=")[0]!)));
    for (const usage of FAULT_USAGE) {
      const name = usage.split(/[ =]/)[0]!;
      assert.ok(used.has(name), `no mutation row uses fault ${name}`);
    }
    for (const row of MUTATION_TABLE) assert.doesNotThrow(() => parseFaults([...row.faults]), rowTitle(row));
  });

  it("every faulty row expects something other than pass from some check, and never allows both pass and fail", () => {
    for (const row of MUTATION_TABLE.slice(1)) {
      assert.ok(MUTATION_CHECKS.some((c) => row.expected[c].join() !== "pass"), `${rowTitle(row)} expects nothing to notice`);
      for (const [c, a] of [...MUTATION_CHECKS.map((c) => [c, row.expected[c]] as const), ...Object.entries(row.targets ?? {})]) {
        assert.ok(!(a.includes("pass") && a.includes("fail")), `${rowTitle(row)}: ${c} allows both pass and fail: a check that cannot be wrong`);
      }
      // A per-target exception names a check of the table.
      for (const t of Object.keys(row.targets ?? {})) assert.ok(MUTATION_CHECKS.some((c) => t.startsWith(`${c}/`)), `${rowTitle(row)}: ${t} names no check`);
    }
  });

  it("titles name the allowed sets", () => {
    assert.equal(rowTitle(MUTATION_TABLE[0]!), "clean mesh → all pass (fault-injection, disruption: or inconclusive)");
    const row = MUTATION_TABLE.find((r) => r.faults.join() === "canary-weights=87/13")!;
    assert.equal(rowTitle(row), "canary-weights=87/13 → canary-split pass|inconclusive (but canary-split/workshop-canary-gwapi pass, canary-split/workshop-mesh-split pass)");
  });
});

describe("stress scoring", () => {
  const result = (check: string, status: CheckResult["status"]) => ({ id: `${check}/x`, check, status, summary: `${check} said ${status}` }) as CheckResult;
  const outcome = (results: CheckResult[], mismatches: MutationOutcome["mismatches"]): MutationOutcome =>
    ({ statuses: {}, mismatches, skipped: [], report: { checks: results } as unknown as RunReport });

  it("a pass or fail outside the set is wrong; inconclusive is counted, never wrong; an unexpected error is apart", () => {
    const s = scoreRow(outcome(
      [result("canary-split", "pass"), result("retries", "inconclusive"), result("route-timeout", "fail"), result("disruption", "error"), result("mtls-strict", "pass")],
      [
        { check: "canary-split/x", got: "pass", allowed: ["fail", "inconclusive"], summary: "" },
        { check: "retries/x", got: "inconclusive", allowed: ["pass"], summary: "" },
        { check: "disruption/x", got: "error", allowed: ["pass"], summary: "" },
      ],
    ));
    assert.deepEqual({ ...s, notes: s.notes.length }, { right: 2, inconclusive: 1, wrong: 1, unexpectedError: 1, notes: 2 });
    assert.match(s.notes[0]!, /^canary-split\/x: pass \(allowed fail\|inconclusive\)/);
  });

  it("a check that did not run is a hole, counted with the errors", () => {
    const s = scoreRow(outcome([], [{ check: "retries", got: "missing", allowed: ["pass"], summary: "(did not run)" }]));
    assert.deepEqual([s.unexpectedError, s.wrong, s.notes], [1, 0, ["retries: did not run"]]);
  });
});
