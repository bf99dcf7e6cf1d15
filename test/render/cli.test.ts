// report, history and diff as a user meets them: files written, exit codes, one-line errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeReport } from "../../harness/report/write.js";
import { canaryReport } from "./fixtures.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("meshcheck report, history and diff", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-render-cli-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("run renders junit.xml, summary.md and report.html beside run.json and appends one history line", async () => {
    const out = join(dir, "runs", "one");
    const r = await meshcheck(["run", "--feature", "canary", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), ["junit.xml", "report.html", "run.json", "summary.md"]);
    const history = await readFile(join(dir, "runs", "history.jsonl"), "utf8");
    const runId = (JSON.parse(await readFile(join(out, "run.json"), "utf8")) as { runId: string }).runId;
    assert.equal(history.split("\n").length, 2);
    assert.equal((JSON.parse(history) as { runId: string }).runId, runId);
    assert.match(await readFile(join(out, "report.html"), "utf8"), /class="share-bar" data-destination="v1"/);

    const quiet = await meshcheck(["run", "--check", "mtls-strict", "--out", join(dir, "runs", "two"), "--no-history"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(await readFile(join(dir, "runs", "history.jsonl"), "utf8"), history);
  });

  it("report re-renders a run.json into --out; bad input is exit 2 with one line", async () => {
    const run = join(dir, "r", "run.json");
    await mkdir(join(dir, "r"), { recursive: true });
    await writeFile(run, serializeReport(canaryReport("r1", "fail", { v1: 0.8, v2: 0.2 })));
    const ok = await meshcheck(["report", run, "--out", join(dir, "r", "html")]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((await readdir(join(dir, "r", "html"))).sort(), ["junit.xml", "report.html", "summary.md"]);
    // A run directory stands for the run.json in it; renderings go beside it.
    const byDir = await meshcheck(["report", join(dir, "r")]);
    assert.equal(byDir.code, 0, byDir.stderr);
    assert.deepEqual((await readdir(join(dir, "r"))).sort(), ["html", "junit.xml", "report.html", "run.json", "summary.md"]);

    await writeFile(join(dir, "notjson.json"), "{ nope");
    await writeFile(join(dir, "old.json"), JSON.stringify({ apiVersion: "meshcheck/v0", kind: "RunReport" }));
    const cases = [
      [join(dir, "missing.json"), /cannot read .*missing\.json: no such file/],
      [join(dir, "notjson.json"), /notjson\.json is not JSON/],
      [join(dir, "old.json"), /old\.json is not a meshcheck run report: apiVersion is "meshcheck\/v0", this meshcheck reads meshcheck\/v1/],
    ] as const;
    const results = await Promise.all(cases.map(([file]) => meshcheck(["report", file])));
    results.forEach((r, i) => {
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, cases[i]?.[1] ?? /never/);
    });
  });

  it("diff: exit 1 on a regression with --json on stdout, 0 on an improvement, 2 on bad input", async () => {
    const good = join(dir, "good.json");
    const bad = join(dir, "bad.json");
    await writeFile(good, serializeReport(canaryReport("good", "pass", { v1: 0.9, v2: 0.1 })));
    await writeFile(bad, serializeReport(canaryReport("bad", "fail", { v1: 0.8, v2: 0.2 })));
    const worse = await meshcheck(["diff", good, bad, "--json"]);
    assert.equal(worse.code, 1, worse.stderr);
    const json = JSON.parse(worse.stdout) as { kind: string; regression: boolean; statusChanges: unknown[] };
    assert.equal(json.kind, "RunDiff");
    assert.equal(json.regression, true);
    assert.match(worse.stderr, /REGRESSION canary-split\/workshop-canary: pass → fail/);

    const better = await meshcheck(["diff", bad, good]);
    assert.equal(better.code, 0, better.stderr);
    assert.equal(better.stdout, "");

    const usage = await meshcheck(["diff", good]);
    assert.equal(usage.code, 2);
    const level = await meshcheck(["diff", good, bad, "--alpha", "5"]);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /diff: --alpha 5: must be a number above 0 and below 0\.5 \(e\.g\. 0\.001\)/);
  });

  it("history writes the trend page and warns about a torn line by number", async () => {
    const file = join(dir, "h", "history.jsonl");
    await mkdir(join(dir, "h"), { recursive: true });
    const { historyEntry } = await import("../../harness/history/entry.js");
    const lines = ["a", "b", "c"].map((id) => JSON.stringify(historyEntry(canaryReport(id, "pass", { v1: 0.9, v2: 0.1 })))).join("\n");
    await writeFile(file, lines + "\n");
    await appendFile(file, '{"v":1,"runId":"to');
    const page = join(dir, "h", "history.html");
    const r = await meshcheck(["history", "--file", file, "--last", "2", "--out", page]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*history\.jsonl:4: skipped: not JSON/);
    assert.match(r.stderr, /\(2 of 3 runs\)/);
    const html = await readFile(page, "utf8");
    assert.match(html, /2 runs from/);
    assert.doesNotMatch(html, /<code>a<\/code>/);

    const missing = await meshcheck(["history", "--file", join(dir, "none.jsonl")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
  });
});
