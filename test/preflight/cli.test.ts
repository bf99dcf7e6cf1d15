// `meshcheck preflight` as a user meets it: findings as file:line lines on stdout, and the
// documented exit codes (0 clean, 1 an error found, 2 bad input).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SEED_GUIDE_DIR } from "./seed-guide.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("meshcheck preflight", function () {
  this.timeout(60_000);

  it("kind/ (the default): exit 0, nothing on stdout", async () => {
    const r = await meshcheck(["preflight"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /0 error\(s\), 0 warning\(s\)/);
  });

  it("the seed: exit 1, one `file:line: severity: rule: message` line per finding", async () => {
    const r = await meshcheck(["preflight", SEED_GUIDE_DIR]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split("\n");
    for (const l of lines) assert.match(l, /^\S+:\d+: (error|warning): [a-z-]+: \S/);
    assert.ok(lines.some((l) => /03-gateway\.yaml:8: error: gateway-selector: /.test(l)), r.stdout);
  });

  it("a directory that does not exist: exit 2, one line", async () => {
    const r = await meshcheck(["preflight", "no/such/dir"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /no\/such\/dir is not a directory/);
  });
});
