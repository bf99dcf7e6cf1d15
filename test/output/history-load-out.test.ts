// `history --out` and `load --out` onto a bad path: one line and exit 2 before any work; and
// `load` at a rate the target cannot take is could-not-test with the achieved rate, not a pass.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { historyEntry } from "../../harness/history/entry.js";
import { judgeAchievedRate } from "../../harness/load/achieved-rate.js";
import { canaryReport } from "../render/fixtures.js";
import { serializeReport } from "../../harness/report/write.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A gateway answering `v1` after `delayMs`; counts requests. */
async function gateway(delayMs: number): Promise<{ server: Server; url: string; requests: () => number }> {
  let n = 0;
  const server = createServer((_req, res) => {
    n++;
    setTimeout(() => res.writeHead(200, { "x-version": "v1" }).end("ok"), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, requests: () => n };
}

describe("history --out and load --out, load's achieved rate", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-hl-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const profileFor = async (url: string): Promise<string> => {
    const p = join(dir, "p.yaml");
    await writeFile(p, `apiVersion: meshcheck/v1\nkind: TargetProfile\nname: g\nidentify: {header: x-version}\nvantages: {outside: {kind: direct}}\ncanary:\n  - {name: c, url: '${url}', weights: {v1: 100}}\n`);
    return p;
  };

  it("history --out onto a directory or under a file: exit 2, one line", async () => {
    const file = join(dir, "history.jsonl");
    await writeFile(file, JSON.stringify(historyEntry(canaryReport("a", "pass", { v1: 0.9, v2: 0.1 }))) + "\n");
    await mkdir(join(dir, "page"));
    const ontoDir = await meshcheck(["history", "--file", file, "--out", join(dir, "page")]);
    assert.equal(ontoDir.code, 2, ontoDir.stderr);
    assert.equal(ontoDir.stderr.trim().split("\n").length, 1);
    assert.match(ontoDir.stderr, /^meshcheck: history: --out \S+\/page: is a directory, not a file/);
    const underFile = await meshcheck(["history", "--file", file, "--out", join(file, "h.html")]);
    assert.equal(underFile.code, 2, underFile.stderr);
    assert.match(underFile.stderr, /^meshcheck: history: --out \S+: \S+history\.jsonl is a file, so nothing can be created under it/);
  });

  it("report --out onto a file: exit 2, one line (was a line per rendering)", async () => {
    const run = join(dir, "run.json");
    await writeFile(run, serializeReport(canaryReport("a", "pass", { v1: 0.9, v2: 0.1 })));
    const r = await meshcheck(["report", run, "--out", run]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^meshcheck: report: --out \S+run\.json: is a file, not a directory/);
  });

  it("load --out to a bad path: exit 2, one line, before any request", async () => {
    const gw = await gateway(0);
    try {
      const r = await meshcheck(["load", "--target", await profileFor(gw.url), "--rate", "20", "--duration", "1", "--out", dir]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^meshcheck: load: --out \S+: is a directory, not a file/);
      assert.equal(gw.requests(), 0);
    } finally {
      gw.server.close();
    }
  });

  it("load --out that breaks during the run: the verdict first, then the summary at a printed fallback, exit 5", async () => {
    const gw = await gateway(0);
    const sub = join(dir, "sub");
    await mkdir(sub);
    try {
      const run = meshcheck(["load", "--target", await profileFor(gw.url), "--rate", "20", "--duration", "3", "--out", join(sub, "load.json")]);
      // Wait for traffic (the pre-flight is over), then put a file where the directory was.
      while (gw.requests() === 0) await new Promise((r) => setTimeout(r, 50));
      await rm(sub, { recursive: true });
      await writeFile(sub, "in the way");
      const r = await run;
      assert.equal(r.code, 5, r.stderr);
      const verdictAt = r.stderr.search(/requests failed .*: within budget/);
      const m = /could not write \S+load\.json \(\w+\); wrote it to (\S+) instead/.exec(r.stderr);
      assert.ok(verdictAt >= 0 && m, r.stderr);
      assert.ok(verdictAt < m.index, "the verdict is printed before the summary is written");
      const summary = JSON.parse(await readFile(m[1]!, "utf8")) as { withinBudget: boolean; exitCode: number };
      assert.equal(summary.withinBudget, true);
      assert.equal(summary.exitCode, 0);
      await rm(join(m[1]!, ".."), { recursive: true, force: true });
    } finally {
      gw.server.close();
    }
  });

  it("a rate the target cannot take: exit 3 naming the achieved rate; no MaxListenersExceededWarning", async () => {
    // 64 requests in flight at 250 ms each cap the pace near 256/s, far below 2000/s, however
    // fast or slow the machine is.
    const gw = await gateway(250);
    try {
      const out = join(dir, "load.json");
      const r = await meshcheck(["load", "--target", await profileFor(gw.url), "--rate", "2000", "--duration", "2", "--out", out]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /0 of \d+ requests failed .* at \d+\.\d\/s of 2000\/s asked: could not test — the rate fell short by more than 10% after 0.5 s of lag allowance \(a slow target/);
      assert.doesNotMatch(r.stderr, /MaxListenersExceededWarning/);
      const summary = JSON.parse(await readFile(out, "utf8")) as { achievedRate: number; shortfall: boolean; exitCode: number };
      assert.ok(summary.achievedRate < 400, String(summary.achievedRate));
      assert.equal(summary.shortfall, true);
      assert.equal(summary.exitCode, 3);
    } finally {
      gw.server.close();
    }
  });

  it("judgeAchievedRate: short by more than 10%, after half a second of lag, is a shortfall", () => {
    // The case: --rate 5000 reaching ~730/s.
    assert.equal(judgeAchievedRate(730, 1000, 5000).shortfall, true);
    // 1 s at 5000/s: 4500 − 2500 of lag allowance = 2000 needed.
    assert.equal(judgeAchievedRate(2001, 1000, 5000).shortfall, false);
    assert.equal(judgeAchievedRate(1999, 1000, 5000).shortfall, true);
    // Over ten minutes the allowance is negligible: 89% of the rate is short.
    assert.equal(judgeAchievedRate(0.89 * 20 * 600, 600_000, 20).shortfall, true);
    assert.equal(judgeAchievedRate(0.91 * 20 * 600, 600_000, 20).shortfall, false);
    // A cold one-second run on a busy machine (39.5 of 50) is not judged on its first moments.
    assert.equal(judgeAchievedRate(40, 1000, 50).shortfall, false);
    assert.equal(judgeAchievedRate(1, 1000, 2).shortfall, false);
    assert.equal(judgeAchievedRate(0, 10_000, 20).shortfall, true);
    assert.equal(judgeAchievedRate(730, 1000, 5000).achievedRate, 730);
  });
});
