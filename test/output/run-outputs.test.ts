// `meshcheck run` never loses its output: a bad --out, --history or --metrics-file is exit 2 and
// one line before any request is sent; a report directory that breaks during the run sends the
// report to a printed fallback path with exit 5.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunReport } from "../../harness/report/types.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A one-destination gateway: every answer names `prod`. Counts requests; can hold them. */
async function prodServer(): Promise<{ server: Server; url: string; requests: () => number; hold: () => Promise<void>; release: () => void }> {
  let count = 0;
  let holding = false;
  const held: ServerResponse[] = [];
  let firstHeld: (() => void) | undefined;
  const answer = (res: ServerResponse) => res.writeHead(200, { "x-version": "prod" }).end("ok");
  const server = createServer((_req, res) => {
    count++;
    if (!holding) return answer(res);
    held.push(res);
    firstHeld?.();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    requests: () => count,
    hold: () => {
      holding = true;
      return new Promise<void>((r) => (firstHeld = r));
    },
    release: () => {
      holding = false;
      for (const res of held.splice(0)) answer(res);
    },
  };
}

describe("run output is never lost", function () {
  this.timeout(120_000);
  let dir: string;
  let gw: Awaited<ReturnType<typeof prodServer>>;
  let profile: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-out-"));
    gw = await prodServer();
    profile = join(dir, "p.yaml");
    await writeFile(profile, `apiVersion: meshcheck/v1\nkind: TargetProfile\nname: one\nidentify: {header: x-version}\nvantages: {outside: {kind: direct}}\nrouting:\n  - {name: r, url: '${gw.url}', rules: [{destination: prod}]}\n`);
  });
  afterEach(async () => {
    gw.release();
    await new Promise<void>((r) => gw.server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<[string, (d: string) => Promise<string[]>, RegExp]> = [
    ["--out naming a file", async (d) => (await writeFile(join(d, "f"), "x"), ["--out", join(d, "f")]), /^meshcheck: --out \S+\/f: is a file, not a directory \(/],
    ["--out under a file", async (d) => (await writeFile(join(d, "f"), "x"), ["--out", join(d, "f", "run")]), /^meshcheck: --out \S+: \S+\/f is a file, so nothing can be created under it/],
    ["--out /proc/x (hung after the checks)", async () => ["--out", "/proc/x"], /^meshcheck: --out \/proc\/x: cannot create anything in \/proc/],
    ["--history /proc/x/h.jsonl (hung after the checks)", async (d) => ["--out", join(d, "o"), "--history", "/proc/x/h.jsonl"], /^meshcheck: --history \/proc\/x\/h\.jsonl: cannot create anything in \/proc/],
    ["--history naming a directory", async (d) => ["--out", join(d, "o"), "--history", d], /^meshcheck: --history \S+: is a directory, not a file/],
    ["--metrics-file under a file", async (d) => (await writeFile(join(d, "f"), "x"), ["--out", join(d, "o"), "--metrics-file", join(d, "f", "m.prom")]), /^meshcheck: --metrics-file \S+: \S+\/f is a file/],
  ];
  for (const [name, args, line] of cases) {
    it(`${name}: exit 2, one line, before any request`, async function () {
      if (!existsSync("/proc/self") && args.toString().includes("/proc")) this.skip();
      const r = await meshcheck(["run", "--target", profile, ...(await args(dir))]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, line);
      assert.equal(gw.requests(), 0, "no traffic may be sent before the outputs are checked");
    });
  }

  it("a report directory that breaks during the run: report written to a printed fallback, exit 5", async () => {
    const out = join(dir, "out");
    const held = gw.hold();
    const run = meshcheck(["run", "--target", profile, "--out", out, "--no-history", "--json"]);
    await held;
    // The pre-flight passed; now the directory becomes a file under the running checks.
    await rm(out, { recursive: true, force: true });
    await writeFile(out, "in the way");
    gw.release();
    const r = await run;
    assert.equal(r.code, 5, r.stderr);
    const m = /could not write the report to \S+ \((\w+)\); wrote it to (\S+run\.json) instead/.exec(r.stderr);
    assert.ok(m, r.stderr);
    const fallback = m[2]!;
    try {
      const report = JSON.parse(await readFile(fallback, "utf8")) as RunReport;
      assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [["header-routing/r", "pass"]]);
      assert.deepEqual(JSON.parse(r.stdout), report);
      assert.match(r.stderr, /meshcheck: exit 5 \(checks: exit 0; report not written where asked\)/);
      assert.ok(existsSync(join(fallback, "..", "report.html")), "renderings go beside the fallback run.json");
    } finally {
      await rm(join(fallback, ".."), { recursive: true, force: true });
    }
  });

  it("a profile with no check section is a usage error: exit 2, nothing on stdout, no --out directory", async () => {
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "apiVersion: meshcheck/v1\nkind: TargetProfile\nname: x\nidentify: {header: x-version}\nvantages: {}\n");
    const r = await meshcheck(["run", "--target", bad, "--out", join(dir, "o"), "--json", "--no-history"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no check section/);
    assert.equal(r.stdout, "");
    assert.equal(existsSync(join(dir, "o")), false, "a usage error creates no run directory");
  });
});
