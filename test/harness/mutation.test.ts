// The mutation self-test: on the clean local mesh every check passes; under each fault, the
// checks it targets end in the statuses the table allows (fail for a switch that turns a
// feature off; never pass for a number changed beyond the tolerance; never fail for one changed
// within it) and the rest pass. This is how we know no check is a check that cannot fail.
// The table lives in harness/selftest/ because bench/stress/ judges the same rows under load.
//
// `inconclusive` where the table wants a decision is not a wrong verdict — the check said it
// could not decide (on a busy machine a timing check may not tell delayed from slow) — so such
// a row is run again, up to ATTEMPTS times, for a decision. A wrong verdict (a pass or fail, or
// an error, outside the allowed set) fails at once and is never retried.
//
// The timing-judged checks may end inconclusive wherever they are allowed to pass (a loaded
// machine); so that none of them can hide a check that never passes, each must pass in at least
// one row of the table.
//
// Rows are independent local meshes on port 0, and each spends most of its time waiting on the
// wall clock, so several of them (rowsAtOnce()) run together (test/support/ordered-pool.ts): each `it`
// still judges its own row, in the table's order, with the same seeds as one at a time.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { MUTATION_TABLE, rowTitle, showAllowed, TIMING_JUDGED } from "../../harness/selftest/mutation-table.js";
import { runMutation, type MutationOutcome } from "../../harness/selftest/run-mutation.js";
import { OrderedPool } from "../support/ordered-pool.js";
import { seededRandom } from "../support/seeded-random.js";

const ATTEMPTS = 3;

/**
 * One row per core, at most 4 (a row is itself concurrent inside); MESHCHECK_MUTATION_ROWS sets
 * it (1: one at a time, as before, e.g. with --grep for one row).
 */
function rowsAtOnce(): number {
  const raw = process.env.MESHCHECK_MUTATION_ROWS;
  if (raw === undefined || raw === "") return Math.min(4, Math.max(1, availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`MESHCHECK_MUTATION_ROWS=${raw}: want a whole number of rows at once, 1 or more`);
  return n;
}

const lines = (o: MutationOutcome) => o.mismatches.map((m) => `${m.check}: got ${m.got}, allowed ${showAllowed(m.allowed) || "nothing"}`);

describe("mutation self-test against the local mesh", function () {
  // A generous deadline, not a timing margin: a row near the tolerance edge may spend the whole
  // request budget, and on a loaded machine that takes minutes. Every wait inside has its own deadline.
  this.timeout(ATTEMPTS * 300_000);

  const passed = new Set<string>();

  /** Row i with its retries: resolves when a row decided within the table, rejects on a wrong verdict or no decision. */
  async function judgeRow(i: number): Promise<void> {
    const row = MUTATION_TABLE[i]!;
    const undecided: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const outcome = await runMutation(row, { random: seededRandom(1000 + i + 100 * attempt) });
      const all = outcome.report.checks.map((c) => `${c.id}: ${c.status}: ${c.summary}`).join("\n");
      assert.deepEqual(outcome.skipped, []);
      const wrong = outcome.mismatches.filter((m) => m.got !== "inconclusive");
      assert.deepEqual(wrong.length ? lines(outcome) : [], [], `${row.why ? `(${row.why})\n` : ""}${all}`);
      for (const c of outcome.report.checks) if (c.status === "pass") passed.add(c.check);
      if (outcome.mismatches.length === 0) return;
      undecided.push(`attempt ${attempt + 1}: ${lines(outcome).join("; ")}\n${all}`);
    }
    assert.fail(`no decision in ${ATTEMPTS} attempts (inconclusive where the table wants a verdict; is the machine overloaded?)\n${undecided.join("\n")}`);
  }

  const pool = new OrderedPool(MUTATION_TABLE.length, rowsAtOnce(), judgeRow);
  // Every mesh a row started is stopped (runMutation's finally) before the suite ends, including
  // a prefetched row whose `it` never ran (a --grep run, a bail) or one whose `it` timed out.
  after(() => pool.close());

  MUTATION_TABLE.forEach((row, i) => {
    it(rowTitle(row), () => pool.result(i));
  });

  it("each timing-judged check passed in some row: inconclusive under load never hides a check that cannot pass", () => {
    for (const check of TIMING_JUDGED) assert.ok(passed.has(check), `${check} never passed in ${MUTATION_TABLE.length} rows (inconclusive each time: is the machine overloaded?)`);
  });
});
