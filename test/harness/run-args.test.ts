import assert from "node:assert/strict";
import { parseRunArgs } from "../../harness/cli/run-args.js";
import { runVerdict } from "../../harness/report/verdict.js";
import { UsageError } from "../../harness/errors.js";

describe("run flags", () => {
  it("defaults to the local mesh and the statistics contract's defaults", () => {
    const a = parseRunArgs([]);
    assert.equal(a.target, "local");
    assert.deepEqual(a.stats, { alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000 });
    assert.equal(a.concurrency, 4);
    assert.equal(parseRunArgs(["--concurrency", "1"]).concurrency, 1);
  });

  it("collects repeated flags", () => {
    const a = parseRunArgs(["--fault", "authz-off", "--fault", "down=workshop-app-v2", "--check", "mtls-strict", "--json", "--tolerance", "0.1"]);
    assert.deepEqual(a.faults, ["authz-off", "down=workshop-app-v2"]);
    assert.deepEqual(a.checks, ["mtls-strict"]);
    assert.equal(a.json, true);
    assert.equal(a.stats.delta, 0.1);
  });

  it("turns every bad flag into one UsageError line", () => {
    const cases: [string[], RegExp][] = [
      [["--frobnicate"], /run: Unknown option '--frobnicate'/],
      [["--alpha", "2"], /^--alpha 2: must be a number above 0 and below 0\.5$/],
      [["--beta", "x"], /--beta x: must be a number/],
      [["--budget", "1.5"], /--budget 1.5: must be a whole number/],
      [["--concurrency", "0"], /^--concurrency 0: must be a whole number from 1 to 64$/],
      [["--concurrency", "2.5"], /^--concurrency 2\.5: must be a whole number/],
      [["--target", "p.yaml", "--fault", "authz-off"], /--fault works only with --target local/],
      [["extra"], /run: .*positional/i],
    ];
    for (const [args, re] of cases) {
      assert.throws(() => parseRunArgs(args), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n"), args.join(" "));
    }
  });
});

describe("run verdict", () => {
  it("ranks fail over could-not-test over pass", () => {
    assert.deepEqual(runVerdict(["pass", "pass"], []), { verdict: "pass", exitCode: 0 });
    assert.deepEqual(runVerdict(["pass", "fail", "error"], []), { verdict: "fail", exitCode: 1 });
    assert.deepEqual(runVerdict(["pass", "inconclusive"], []), { verdict: "could-not-test", exitCode: 3 });
    assert.deepEqual(runVerdict(["pass", "error"], []), { verdict: "could-not-test", exitCode: 3 });
    assert.deepEqual(runVerdict(["pass"], ["interrupted"]), { verdict: "could-not-test", exitCode: 3 });
    // nothing ran: not a pass
    assert.deepEqual(runVerdict([], []), { verdict: "could-not-test", exitCode: 3 });
  });
});
