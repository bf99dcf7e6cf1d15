import assert from "node:assert/strict";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendHistory } from "../../harness/history/append.js";
import { historyEntry } from "../../harness/history/entry.js";
import { historyFileFor } from "../../harness/history/location.js";
import { readHistory } from "../../harness/history/read.js";
import { renderHistoryPage } from "../../harness/render/html/history-page.js";
import { canaryReport, fixtureReport } from "./fixtures.js";

describe("history", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-history-"));
    file = join(dir, "sub", "history.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("projects a run to one compact line: verdict, per-check status, canary shares, latency", () => {
    const e = historyEntry(fixtureReport());
    assert.equal(e.verdict, "fail");
    assert.equal(e.checks["canary-split/workshop-canary"], "fail");
    assert.equal(e.checks["retry-budget"], "skipped");
    assert.deepEqual(e.canary["canary-split/workshop-canary"], { requests: 400, delta: 0.05, shares: { v1: 0.8, v2: 0.2 }, expected: { v1: 0.9, v2: 0.1 } });
    assert.deepEqual(e.latency["canary-split/workshop-canary"], { p50Ms: 5, p99Ms: 20 });
    assert.ok(!JSON.stringify(e).includes("\n"));
  });

  it("appends: two runs → two lines, the first unchanged byte for byte", async () => {
    await appendHistory(file, historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 })));
    const first = await readFile(file);
    await appendHistory(file, historyEntry(canaryReport("run-2", "fail", { v1: 0.8, v2: 0.2 })));
    const both = await readFile(file);
    assert.ok(both.subarray(0, first.length).equals(first));
    assert.equal(both.toString().split("\n").length, 3); // two lines + the final newline
    const read = await readHistory(file);
    assert.deepEqual(read.entries.map((e) => e.runId), ["run-1", "run-2"]);
    assert.deepEqual(read.warnings, []);
  });

  it("concurrent appends keep every line whole", async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => appendHistory(file, historyEntry(canaryReport(`run-${i}`, "pass", { v1: 0.9, v2: 0.1 })))));
    const read = await readHistory(file);
    assert.equal(read.entries.length, 25);
    assert.deepEqual(read.warnings, []);
  });

  it("a torn last line is skipped with a warning naming its line, and the next append starts a fresh line", async () => {
    await appendHistory(file, historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 })));
    await appendFile(file, '{"v":1,"runId":"torn","ti');
    const torn = await readHistory(file);
    assert.deepEqual(torn.entries.map((e) => e.runId), ["run-1"]);
    assert.equal(torn.warnings.length, 1);
    assert.match(torn.warnings[0] ?? "", /history\.jsonl:2: skipped: not JSON/);

    await appendHistory(file, historyEntry(canaryReport("run-3", "pass", { v1: 0.9, v2: 0.1 })));
    const after = await readHistory(file);
    assert.deepEqual(after.entries.map((e) => e.runId), ["run-1", "run-3"]);
    assert.match(after.warnings.join("\n"), /:2: skipped/);
  });

  it("a line from another version is skipped, named by line number", async () => {
    await appendFile(join(dir, "h.jsonl"), '{"v":99,"runId":"x"}\n\n{"v":1}\n');
    const read = await readHistory(join(dir, "h.jsonl"));
    assert.deepEqual(read.entries, []);
    assert.match(read.warnings[0] ?? "", /h\.jsonl:1: skipped: version 99/);
    assert.match(read.warnings[1] ?? "", /h\.jsonl:3: skipped: runId missing/);
  });

  it("lives beside the run directories unless --history says otherwise", () => {
    assert.equal(historyFileFor(undefined, undefined), "reports/history.jsonl");
    assert.equal(historyFileFor("reports/nightly/2026-01-01", undefined), join("reports/nightly", "history.jsonl"));
    assert.equal(historyFileFor("/tmp/x/out", "/var/h.jsonl"), "/var/h.jsonl");
  });

  it("the trend page draws a line per destination over runs and a verdict grid", () => {
    const entries = [
      historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 })),
      historyEntry(canaryReport("run-2", "fail", { v1: 0.8, v2: 0.2 })),
      historyEntry(canaryReport("run-3", "pass", { v1: 0.89, v2: 0.11 })),
    ];
    const html = renderHistoryPage(entries, "reports/history.jsonl", 1);
    for (const d of ["v1", "v2"]) assert.match(html, new RegExp(`<g class="trend-line" data-destination="${d}"><polyline points="([\\d.]+,[\\d.]+ ?){3}"`));
    assert.equal((html.match(/<circle [^>]*><title>v[12]: /g) ?? []).length, 6, "a dot per destination per run");
    assert.deepEqual([...html.matchAll(/class="cell status-cell" data-status="(\w+)"/g)].map((m) => m[1]), ["pass", "fail", "pass"]);
    assert.match(html, /3 runs from <code>reports\/history\.jsonl<\/code> · 1 unreadable line skipped/);
    assert.equal(renderHistoryPage(entries, "reports/history.jsonl", 1), html);
  });

  it("leaves runs made with faults out of the trends unless asked, marks them, and links each run's report", () => {
    const fault = { ...canaryReport("run-2", "fail", { v1: 0.8, v2: 0.2 }) };
    fault.target = { ...fault.target, faults: ["canary-weights=80/20"] };
    const entries = [
      historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 }), "run-1/report.html"),
      historyEntry(fault, "run-2/report.html"),
      historyEntry(canaryReport("run-3", "pass", { v1: 0.89, v2: 0.11 })),
    ];
    const html = renderHistoryPage(entries, "reports/history.jsonl", 0);
    // Two healthy runs in the trend (#1 and #3), the 80/20 fault run not drawn.
    for (const d of ["v1", "v2"]) assert.match(html, new RegExp(`<g class="trend-line" data-destination="${d}"><polyline points="([\\d.]+,[\\d.]+ ?){2}"`));
    assert.doesNotMatch(html, /v2: 20\.0% in run/);
    assert.match(html, /<text class="small" x="[\d.]+" y="[\d.]+" text-anchor="middle">#3<\/text>/, "the x axis keeps the runs' own numbers");
    assert.match(html, /1 run made with faults \(marked <span class="fault-mark">fault<\/span> below\) are left out of the trends/);
    assert.match(html, /<tr class="fault-run"><td class="num">#2<\/td><td><a href="run-2\/report\.html"><code>run-2<\/code><\/a><\/td>.*<span class="fault-mark">fault<\/span> <code>canary-weights=80\/20<\/code>/);
    assert.match(html, /<td><a href="run-1\/report\.html"><code>run-1<\/code><\/a><\/td>/);
    assert.match(html, /<td class="num">#3<\/td><td><code>run-3<\/code><\/td>/, "a line without a report path gets no link");
    // Asked for, the fault run is drawn.
    const all = renderHistoryPage(entries, "reports/history.jsonl", 0, { withFaults: true });
    assert.match(all, /v2: 20\.0% in run #2 run-2/);
    assert.match(all, /are drawn in the trends/);
  });

  it("plots p50 and p99 latency per check over runs", () => {
    const entries = [
      historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 }, [5, 20])),
      historyEntry(canaryReport("run-2", "pass", { v1: 0.9, v2: 0.1 }, [6, 45])),
    ];
    const html = renderHistoryPage(entries, "h.jsonl", 0);
    assert.match(html, /<section class="latency-trend" data-check="canary-split\/workshop-canary">/);
    for (const p of ["p50", "p99"]) assert.match(html, new RegExp(`<g class="latency-line" data-percentile="${p}"><polyline points="([\\d.]+,[\\d.]+ ?){2}"`));
    assert.match(html, /p99 45\.0 ms in run #2 run-2/);
  });

  it("refuses a history line whose report link has a scheme", async () => {
    const { parseHistory } = await import("../../harness/history/read.js");
    const good = JSON.stringify(historyEntry(canaryReport("run-1", "pass", { v1: 0.9, v2: 0.1 }), "run-1/report.html"));
    const evil = good.replace("run-1/report.html", "javascript:alert(1)");
    const read = parseHistory(`${good}\n${evil}\n`, "h.jsonl");
    assert.equal(read.entries.length, 1);
    assert.match(read.warnings[0] ?? "", /h\.jsonl:2: skipped: report is not a relative path/);
  });
});
