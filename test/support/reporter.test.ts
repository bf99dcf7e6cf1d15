// CI reads the reporter's last line ("tests: N passed, N failed, N skipped") and mocha's exit
// code. Both must stay exact when the suite runs in parallel workers (make unit, .ci/run): a
// failing test in a worker, and a worker that dies, count as failed and make the run red; a
// skipped test is counted as skipped, never as passed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => `test/support/reporter-fixtures/${name}.fixture.ts`;

/** Runs mocha as CI does (the repository's .mocharc, so the same reporter) on the given files. */
function mocha(args: string[]) {
  const r = spawnSync(process.execPath, ["node_modules/mocha/bin/mocha.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    // A deadline, not a margin: the spawned mocha loads tsx, slow on a loaded machine.
    timeout: 150_000,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  assert.equal(r.error, undefined, `mocha did not finish: ${r.error?.message}`);
  const lines = r.stdout.trimEnd().split("\n");
  return { status: r.status, last: lines.at(-1), out: `${r.stdout}\n${r.stderr}` };
}

describe("the test reporter's closing line, in parallel workers", function () {
  this.timeout(320_000);

  it("a failing test in a worker is counted as failed and the run exits non-zero; the skipped one is skipped", () => {
    const r = mocha(["--parallel", "--jobs", "2", fixture("passes"), fixture("fails")]);
    assert.equal(r.last, "tests: 2 passed, 1 failed, 1 skipped", r.out);
    assert.equal(r.status, 1, r.out);
  });

  it("a worker that dies mid-file is a failure, not a file of tests quietly missing", () => {
    const r = mocha(["--parallel", "--jobs", "2", fixture("passes"), fixture("crashes")]);
    assert.match(r.last ?? "", /^tests: 1 passed, [1-9]\d* failed, 1 skipped$/, r.out);
    assert.notEqual(r.status, 0, r.out);
  });
});
