// `meshcheck load`, the upgrade's steady traffic: the error-budget verdict, and a short run
// against the local mesh (no cluster here) that sends, reports and exits by its budget.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { judgeErrorBudget } from "../../harness/load/error-budget.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const classes = (x5: number) => ({ "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": x5 });

describe("meshcheck load", function () {
  this.timeout(60_000);

  it("budget: connection errors and 5xx count as failed; 4xx do not; nothing sent is not a pass", () => {
    assert.deepEqual(judgeErrorBudget({ requests: 1000, errors: 3, byStatusClass: classes(7) }, 0.01), { requests: 1000, failed: 10, errorRate: 0.01, budget: 0.01, withinBudget: true });
    assert.equal(judgeErrorBudget({ requests: 1000, errors: 3, byStatusClass: classes(8) }, 0.01).withinBudget, false);
    assert.equal(judgeErrorBudget({ requests: 0, errors: 0, byStatusClass: classes(0) }, 0.01).withinBudget, false);
  });

  it("against the local mesh for a second: exit 0, a summary with requests and the budget", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshcheck-load-"));
    try {
      const out = join(dir, "load.json");
      const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, "load", "--target", "local", "--rate", "50", "--duration", "1", "--out", out], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, _o, stderr) =>
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
        );
      });
      assert.equal(r.code, 0, r.stderr);
      const summary = JSON.parse(readFileSync(out, "utf8")) as { requests: number; failed: number; withinBudget: boolean; host: string; byDestination: Record<string, number> };
      assert.ok(summary.requests > 0);
      assert.equal(summary.failed, 0);
      assert.equal(summary.withinBudget, true);
      assert.equal(summary.host, "canary.workshop-app.local");
      assert.deepEqual(Object.keys(summary.byDestination).filter((d) => d !== "v1" && d !== "v2"), []);
      assert.match(r.stderr, /0 of \d+ requests failed .* within budget/);
      assert.doesNotMatch(r.stderr, /MaxListenersExceededWarning/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a long load is never silent outside a terminal: a progress line with the verdict's own failure count", async () => {
    // 10 s of traffic: the printer writes a line after at most 6 s of silence (5 s + its 1 s tick).
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, "load", "--target", "local", "--rate", "20", "--duration", "10"], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, _o, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
      );
    });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    const progress = lines.filter((l) => /^ {2}… {4}load: \d+ requests, 0 failed \(0\.00%; budget 1\.00%\) \(\d+ s\)$/.test(l));
    assert.ok(progress.length >= 1, r.stderr);
    assert.ok(!r.stderr.includes("\u001b"), "no escape codes in a pipe");
    assert.match(lines.at(-1)!, /^meshcheck load: 0 of \d+ requests failed .* within budget$/);
  });

  it("a bad rate: exit 2, one line", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, "load", "--rate=0"], { timeout: 60_000 }, (err, _o, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }));
    });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), "meshcheck: load: --rate 0: must be a number above 0 and at most 10000");
  });
});
