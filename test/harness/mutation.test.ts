// The mutation self-test: on the clean local mesh every check passes; under each fault, the
// checks it targets end in the statuses the table allows (fail for a switch that turns a
// feature off; never pass for a number changed beyond the tolerance; never fail for one changed
// within it) and the rest pass. This is how we know no check is a check that cannot fail.
// The table lives in harness/selftest/ because bench/stress/ judges the same rows under load.
import assert from "node:assert/strict";
import { MUTATION_TABLE, rowTitle, showAllowed } from "../../harness/selftest/mutation-table.js";
import { runMutation } from "../../harness/selftest/run-mutation.js";
import { seededRandom } from "../support/seeded-random.js";

describe("mutation self-test against the local mesh", function () {
  // A generous deadline, not a timing margin: a row near the tolerance edge may spend the whole
  // request budget, and on a loaded machine that takes minutes. Every wait inside has its own deadline.
  this.timeout(300_000);

  MUTATION_TABLE.forEach((row, i) => {
    it(rowTitle(row), async () => {
      const { mismatches, skipped, report } = await runMutation(row, { random: seededRandom(1000 + i) });
      const all = report.checks.map((c) => `${c.id}: ${c.status}: ${c.summary}`).join("\n");
      assert.deepEqual(
        mismatches.map((m) => `${m.check}: got ${m.got}, allowed ${showAllowed(m.allowed) || "nothing"}`),
        [],
        `${row.why ? `(${row.why})\n` : ""}${all}`,
      );
      assert.deepEqual(skipped, []);
    });
  });
});
