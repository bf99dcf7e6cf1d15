// The CLI contract end to end, as a user meets it: exit codes, one-line errors, a usage error
// that creates nothing, and a run report that is otherwise always written (also when the run
// could not test).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunReport } from "../../harness/report/types.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function meshcheck(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000, ...(cwd !== undefined && { cwd }) }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("meshcheck command line", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("unknown flag: exit 2 and one line, no stack", async () => {
    const r = await meshcheck(["run", "--frobnicate"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /^meshcheck: run: Unknown option '--frobnicate'/);
  });

  it("unknown command: exit 2 with what is valid", async () => {
    const a = await meshcheck(["frob"]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /unknown command "frob" \(commands: run, mesh/);
  });

  // Run where the default reports/<run-id>/ would go, so anything created shows up in `dir`.
  const usageErrors: [string, (dir: string) => Promise<string[]>, RegExp][] = [
    ["an unknown fault", async () => ["--fault", "nope"], /^meshcheck: unknown fault "nope"; valid faults: /],
    ["a valued fault with a bad value", async () => ["--fault", "canary-weights=80/30"], /canary-weights/],
    ["a target file that does not exist", async () => ["--target", "/nonexistent"], /^meshcheck: \/nonexistent: .*no such file/],
    [
      "a malformed profile",
      async (d) => {
        const profile = join(d, "p.yaml");
        await writeFile(profile, "apiVersion: meshcheck/v1\nkind: TargetProfile\nname: x\nidentify: {header: x-version}\nvantages: {}\ncanary:\n  - {name: c, url: 'http://127.0.0.1:1/', weights: {v1: 90, v2: 20}}\n");
        return ["--target", profile];
      },
      /p\.yaml: canary\[0\]\.weights/,
    ],
    ["a bad flag value", async () => ["--alpha", "2"], /^meshcheck: --alpha 2: /],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`${what}: exit 2, one line, and nothing created (no run directory, no history, nothing on stdout)`, async () => {
      const extra = await args(dir);
      const before = await readdir(dir);
      const r = await meshcheck(["run", ...extra, "--json"], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /renderings written|report written/);
      assert.equal(r.stdout, "");
      assert.deepEqual(await readdir(dir), before, "the run created files");
    });
  }

  it("unreachable target: exit 3, every check an error, the report written", async () => {
    const port = await closedPort();
    const profile = join(dir, "p.yaml");
    await writeFile(profile, `apiVersion: meshcheck/v1\nkind: TargetProfile\nname: gone\nidentify: {header: x-version}\nvantages: {outside: {kind: direct}}\ncanary:\n  - {name: c, url: 'http://127.0.0.1:${port}/', weights: {v1: 90, v2: 10}}\n`);
    const out = join(dir, "out");
    // A short convergence wait would need a flag; the default 30 s timeout is what a user gets.
    const r = await meshcheck(["run", "--target", profile, "--out", out]);
    assert.equal(r.code, 3, r.stderr);
    const report = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
    assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [["canary-split/c", "error"]]);
    assert.match(report.checks[0]!.summary, /ECONNREFUSED/);
  });

  it("--json puts exactly the written run report on stdout, progress on stderr", async () => {
    const out = join(dir, "out");
    const r = await meshcheck(["run", "--check", "mtls-strict", "--feature", "mtls", "--json", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const fromStdout = JSON.parse(r.stdout) as RunReport;
    const fromFile = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
    assert.deepEqual(fromStdout, fromFile);
    assert.equal(fromFile.apiVersion, "meshcheck/v1");
    assert.equal(fromFile.kind, "RunReport");
    assert.deepEqual(fromFile.checks.map((c) => c.id), ["mtls-strict/workshop-app-strict"]);
    assert.match(r.stderr, /PASS mtls-strict\/workshop-app-strict/);
  });
});
