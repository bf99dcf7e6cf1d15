// Metrics delivery as a user meets it on the command line: the report is written first and is
// never lost; a delivery that fails is one warning line and a documented exit code.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { freePort, getText, until } from "./prom-stack.js";
import { meshcheck, spawnMeshcheck } from "./meshcheck-child.js";
import { renderMetrics } from "../../harness/metrics/registry.js";
import type { RunReport } from "../../harness/report/types.js";

const ONE_CHECK = ["--check", "mtls-strict"];

async function readReport(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(dir, "run.json"), "utf8")) as RunReport;
}

function warnings(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes("warning"));
}

describe("meshcheck run metrics delivery (command line)", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-metrics-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("pushgateway unreachable: the report is written, one warning line, exit 4", async () => {
    const port = await freePort(); // closed: nothing listens
    const out = join(dir, "out");
    const r = await meshcheck(["run", ...ONE_CHECK, "--out", out, "--pushgateway", `http://127.0.0.1:${port}`]);
    assert.equal(r.code, 4, r.stderr);
    const report = await readReport(out);
    assert.equal(report.exitCode, 0);
    assert.equal(report.verdict, "pass");
    assert.deepEqual(warnings(r.stderr), [
      `meshcheck: warning: could not push to http://127.0.0.1:${port}/metrics/job/meshcheck/target/local: ECONNREFUSED; the report is at ${join(out, "run.json")}`,
    ]);
    // The summary said exit 0 for the checks; the last line says what the command exits with.
    assert.equal(r.stderr.trimEnd().split("\n").at(-1), "meshcheck: exit 4 (checks: exit 0; metrics not delivered)");
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it("pushgateway unreachable after a failing check: the check's exit code 1 stands", async () => {
    const port = await freePort();
    const out = join(dir, "out");
    const r = await meshcheck(["run", ...ONE_CHECK, "--fault", "mtls-permissive", "--out", out, "--pushgateway", `http://127.0.0.1:${port}`]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal((await readReport(out)).exitCode, 1);
    assert.equal(warnings(r.stderr).length, 1);
  });

  it("--metrics-file writes exactly the report's exposition; a path that cannot be written is exit 2 before the run", async () => {
    const out = join(dir, "out");
    const file = join(dir, "textfile", "meshcheck.prom");
    const r = await meshcheck(["run", ...ONE_CHECK, "--out", out, "--metrics-file", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(file, "utf8"), (await renderMetrics(await readReport(out))).text);
    assert.match(r.stderr, new RegExp(`metrics written to ${file}\\n`));

    const blocker = join(dir, "not-a-dir");
    await writeFile(blocker, "");
    const out2 = join(dir, "out2");
    const bad = await meshcheck(["run", ...ONE_CHECK, "--out", out2, "--metrics-file", join(blocker, "m.prom")]);
    // Checked before any traffic (it used to cost a whole run, then warn with exit 4); a write
    // that fails after the check still warns with exit 4 (metrics flags.test.ts, deliver).
    assert.equal(bad.code, 2, bad.stderr);
    assert.equal(bad.stderr, `meshcheck: --metrics-file ${join(blocker, "m.prom")}: ${blocker} is a file, so nothing can be created under it (choose a path whose parents are directories)\n`);
  });

  it("a run that could not start still exports its could-not-test verdict, with the error's exit code", async () => {
    const file = join(dir, "m.prom");
    // No kubeconfig, so no kind cluster: the target cannot be reached, which is exit 3 and a recorded run.
    const r = await meshcheck(["run", "--target", "kind", "--out", join(dir, "out"), "--metrics-file", file, "--no-history"], { KUBECONFIG: join(dir, "no-kubeconfig") });
    assert.equal(r.code, 3, r.stderr);
    const text = await readFile(file, "utf8");
    assert.ok(text.includes(`meshcheck_run_verdict{target="kind",verdict="could-not-test"} 1\n`), text);
    assert.ok(text.includes(`meshcheck_run_exit_code{target="kind"} 3\n`), text);
  });

  it("a usage error (a malformed profile) exports nothing: the run never was", async () => {
    const profile = join(dir, "p.yaml");
    await writeFile(profile, "apiVersion: meshcheck/v1\nkind: TargetProfile\nname: x\nidentify: {header: x-version}\nvantages: {}\ncanary:\n  - {name: c, url: 'http://127.0.0.1:1/', weights: {v1: 90, v2: 20}}\n");
    const file = join(dir, "m.prom");
    const r = await meshcheck(["run", "--target", profile, "--out", join(dir, "out"), "--metrics-file", file]);
    assert.equal(r.code, 2, r.stderr);
    await assert.rejects(readFile(file), { code: "ENOENT" });
  });

  it("--metrics-port serves the report's exposition on loopback until SIGTERM, then exits with the run's code", async () => {
    const out = join(dir, "out");
    const m = spawnMeshcheck(["run", ...ONE_CHECK, "--out", out, "--metrics-port", "0"]);
    try {
      const url = await until("the metrics URL on stderr", async () => /serving metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics) /.exec(m.stderr())?.[1], 30_000);
      const served = await getText(url);
      assert.equal(served.status, 200);
      assert.equal(served.text, (await renderMetrics(await readReport(out))).text);
      assert.equal((await getText(url.replace(/\/metrics$/, "/other"))).status, 404);
    } finally {
      m.child.kill("SIGTERM");
    }
    assert.equal(await m.exited, 0, m.stderr());
  });

  it("--metrics-port on a port in use: warning, exit 4, no hang", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await meshcheck(["run", ...ONE_CHECK, "--out", join(dir, "b"), "--metrics-port", String(port)]);
      assert.equal(r.code, 4, r.stderr);
      assert.deepEqual(warnings(r.stderr), [`meshcheck: warning: could not serve metrics on 127.0.0.1:${port}: EADDRINUSE; the report is at ${join(dir, "b", "run.json")}`]);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });

  it("a bad metrics flag: exit 2, one line naming the flag, no run (flags.test.ts covers every case)", async () => {
    const out = join(dir, "x");
    const r = await meshcheck(["run", "--out", out, "--pushgateway", "ftp://x"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, "meshcheck: --pushgateway ftp://x: must be an http:// or https:// URL\n");
    await assert.rejects(readFile(join(out, "run.json")), { code: "ENOENT" });
  });
});
