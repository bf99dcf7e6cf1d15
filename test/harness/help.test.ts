// Per-command help and the version flag, as a user meets them: `meshcheck COMMAND --help`
// exits 0 with that command's usage on stdout for every command, and -V/--version print the
// package's version.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMMAND_USAGE } from "../../harness/cli/usage.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("meshcheck help and version", function () {
  this.timeout(120_000);

  for (const name of Object.keys(COMMAND_USAGE)) {
    it(`meshcheck ${name} --help: exit 0, its own usage on stdout`, async () => {
      const r = await meshcheck([name, "--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      assert.ok(r.stdout.startsWith(`Usage: meshcheck ${name}`), r.stdout.slice(0, 200));
      assert.match(r.stdout, /Exit codes:/);
    });
  }

  it("-h after other flags, and `help run`, give the same help; a --help after -- is not a help request", async () => {
    const a = await meshcheck(["run", "--check", "canary-split", "-h"]);
    const b = await meshcheck(["help", "run"]);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.equal(a.stdout, b.stdout);
    const c = await meshcheck(["preflight", "--", "--help"]);
    assert.notEqual(c.code, 0, "preflight of a directory named --help is not help");
    assert.doesNotMatch(c.stdout, /^Usage:/);
  });

  it("help for a command that does not exist: exit 2, one line", async () => {
    const r = await meshcheck(["help", "frob"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /no such command \(commands: run, mesh/);
  });

  it("no command: the command list on stderr, exit 2; --help: on stdout, exit 0", async () => {
    const none = await meshcheck([]);
    assert.equal(none.code, 2);
    assert.equal(none.stdout, "");
    assert.match(none.stderr, /^meshcheck — [\s\S]*meshcheck run /);
    const help = await meshcheck(["--help"]);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, none.stderr);
  });

  for (const flag of ["-V", "--version"]) {
    it(`${flag}: the package's version, exit 0`, async () => {
      const r = await meshcheck([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${VERSION}\n`);
    });
  }
});
