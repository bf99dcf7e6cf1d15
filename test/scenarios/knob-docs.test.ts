// The knob tables in README.md, scenarios/README.md and harness/stats/README.md are generated
// from spec/knobs.ts: each sits between <!-- knobs:NAME --> and <!-- /knobs:NAME --> and must equal
// what the renderers below make of the table. On a mismatch the message is the block to paste.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { KNOBS } from "../../spec/knobs.js";
import { envTable, flagTable, statsTable } from "../support/knob-tables.js";

function block(file: string, name: string): string {
  const text = readFileSync(file, "utf8");
  const m = new RegExp(`<!-- knobs:${name} -->\\n([\\s\\S]*?)\\n<!-- /knobs:${name} -->`).exec(text);
  assert.ok(m, `${file} has no <!-- knobs:${name} --> block`);
  return m[1]!;
}

describe("knob tables in the docs are generated from spec/knobs.ts", () => {
  it("scenarios/README.md lists every -e knob with its default and range", () => {
    const want = envTable();
    assert.equal(block("scenarios/README.md", "env"), want, `scenarios/README.md knobs:env should read:\n${want}`);
  });

  it("README.md lists every numeric meshcheck flag with its default and range", () => {
    const want = flagTable();
    assert.equal(block("README.md", "flags"), want, `README.md knobs:flags should read:\n${want}`);
  });

  it("harness/stats/README.md gives the statistics settings' ranges, and its defaults table agrees", () => {
    const want = statsTable();
    assert.equal(block("harness/stats/README.md", "stats"), want, `harness/stats/README.md knobs:stats should read:\n${want}`);
    const text = readFileSync("harness/stats/README.md", "utf8");
    for (const [name, value] of [["α", KNOBS.alpha.default], ["β", KNOBS.beta.default], ["δ", KNOBS.delta.default], ["budget", KNOBS.budget.default]] as const) {
      assert.match(text, new RegExp(`^\\| ${name} \\| ${String(value).replace(".", "\\.")} \\|`, "m"), `the Defaults table's ${name}`);
    }
  });
});
