// The HTML reports in a real browser (Debian's chromium via playwright-core): the charts
// render (SVG per canary destination, labels, α/β/δ), the page logs no console error (a CSP
// violation would be one) and requests nothing but itself. Screenshots go to reports/screenshots/.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startLocalMesh } from "../../local-mesh/index.js";
import { runChecks } from "../../harness/runner/run-checks.js";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import type { RunReport } from "../../harness/report/types.js";
import { renderHtmlReport } from "../../harness/render/html/report.js";
import { anchor } from "../../harness/render/html/verdict-table.js";
import { renderJunit } from "../../harness/render/junit.js";
import { renderHistoryPage } from "../../harness/render/html/history-page.js";
import { historyEntry } from "../../harness/history/entry.js";
import { seededRandom } from "../support/seeded-random.js";
import { TIMING_JUDGED } from "../../harness/selftest/mutation-table.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = fileURLToPath(new URL("../../reports/screenshots/", import.meta.url));

async function runLocal(faults: string[], seed: number, features: string[] = []): Promise<RunReport> {
  const mesh = await startLocalMesh({ faults, random: seededRandom(seed) });
  try {
    return await runChecks({
      profile: mesh.profile,
      target: { name: "local", source: "local", faults },
      checks: ALL_CHECKS,
      selection: { checks: [], features },
      stats: DEFAULT_STATS,
      timing: { ...DEFAULT_TIMING, convergenceTimeoutMs: 2_000 },
    });
  } finally {
    await mesh.stop();
  }
}

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  url: string;
}

describe("HTML reports in chromium", function () {
  // A deadline, not a margin: the before hook makes two whole local runs, over 90 s together on a loaded 2-core machine.
  this.timeout(300_000);
  let browser: Browser | undefined;
  let dir: string | undefined;
  let clean: RunReport;
  let faulty: RunReport;
  const opened: Page[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is not installed (.ci/install-tools.sh installs Debian's chromium)`);
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), "meshcheck-browser-"));
    clean = await runLocal([], 4242);
    faulty = await runLocal(["canary-weights=80/20"], 4243, ["canary"]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    for (const p of opened) await p.close();
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string, viewport = { width: 1100, height: 900 }): Promise<Opened> {
    assert.ok(browser && dir);
    const file = join(dir, name);
    await writeFile(file, html);
    const page = await browser.newPage({ viewport });
    opened.push(page);
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: "load" });
    return { page, requests, errors, url };
  }

  async function canaryAssertions(o: Opened, report: RunReport): Promise<void> {
    // The VirtualService canary (the mesh also has Gateway API canaries, each in its own section).
    const canary = report.checks.find((c) => c.id === "canary-split/workshop-canary");
    assert.ok(canary && canary.evidence.kind === "canary", "the run has the VirtualService canary check");
    const p = canary.evidence.proportion;
    assert.ok(p.destinations.length >= 2);
    const section = o.page.locator(`section.check[id="${anchor(canary.id)}"]`);
    assert.equal(await section.count(), 1, "the canary check's section");
    for (const d of p.destinations) {
      const bar = section.locator(`svg.share-bars g.share-bar[data-destination="${d.name}"]`);
      assert.equal(await bar.count(), 1, `share bar for ${d.name}`);
      const box = await bar.locator("rect.observed").boundingBox();
      assert.ok(box && box.height > 5, `the observed bar of ${d.name} is drawn`);
      // The bar's length is its share of the plot: a rendering that ignored the data would not match.
      const track = await bar.locator("rect.track").boundingBox();
      assert.ok(track && box);
      assert.ok(Math.abs(box.width / track.width - d.share) < 0.01, `${d.name}: bar ${box.width}/${track.width} vs share ${d.share}`);
      const label = await bar.locator("text.share-label").textContent();
      assert.equal(label, `${(d.share * 100).toFixed(1)}% [${(d.ci[0] * 100).toFixed(1)}%, ${(d.ci[1] * 100).toFixed(1)}%]`);
      const line = section.locator(`svg.share-trace g.share-line[data-destination="${d.name}"] polyline`);
      assert.equal(await line.count(), 1, `running-share line for ${d.name}`);
      const lineBox = await line.boundingBox();
      assert.ok(lineBox && lineBox.width > 100, `the running-share line of ${d.name} spans the chart`);
    }
    assert.equal(await section.locator("p.sample-line .sample-size").first().textContent(), String(p.requests), "one named sample size");
    const terms = await o.page.locator(".terms").first().textContent();
    assert.match(terms ?? "", /α = 0\.001/);
    assert.match(terms ?? "", /β = 0\.01/);
    assert.match(terms ?? "", /δ = 5%/);
    assert.match(terms ?? "", new RegExp(`decided on a sample of ${p.requests} requests \\(budget ${p.budget}\\)`));
  }

  /** The disruption timeline: a time axis with ticks in seconds, a legend and the budget, as rendered text. */
  async function timelineAssertions(o: Opened, report: RunReport): Promise<void> {
    const d = report.checks.find((c) => c.evidence.kind === "disruption");
    assert.ok(d && d.evidence.kind === "disruption" && d.evidence.timeline.length > 1, "the run has a disruption check with a timeline");
    const e = d.evidence;
    const svg = o.page.locator("svg.timeline");
    assert.equal(await svg.count(), 1);
    const ticks = await svg.locator("g.x-axis text.tick").allTextContents();
    assert.ok(ticks.length >= 3, `x-axis ticks: ${ticks.join(", ")}`);
    assert.equal(ticks[0], "0 s");
    for (const t of ticks) assert.match(t, /^\d+(\.\d+)? s$/);
    // The last tick lies within the traffic's span (first slice to the end of the last).
    const spanS = (e.timeline[e.timeline.length - 1]!.atMs + (e.timeline[1]!.atMs - e.timeline[0]!.atMs)) / 1000;
    assert.ok(parseFloat(ticks[ticks.length - 1]!) <= spanS + 1e-9 && parseFloat(ticks[ticks.length - 1]!) > spanS / 2, `last tick ${ticks[ticks.length - 1]} vs span ${spanS} s`);
    const tickBoxes = await Promise.all((await svg.locator("g.x-axis text.tick").all()).map((t) => t.boundingBox()));
    for (let k = 1; k < tickBoxes.length; k++) assert.ok(tickBoxes[k]!.x > tickBoxes[k - 1]!.x + tickBoxes[k - 1]!.width, "tick labels left to right, not overlapping");
    assert.match((await svg.locator("g.x-axis text.axis-title").textContent()) ?? "", /seconds from the first request/);
    const legend = await svg.locator("g.legend text").allTextContents();
    for (const word of ["answered", "failed", "restart (asked → done)"]) assert.ok(legend.includes(word), `legend has ${word}: ${legend.join(" | ")}`);
    assert.ok(legend.some((t) => t.startsWith("pods before ")), "legend names the pods");
    const budget = (await svg.locator("text.budget").textContent()) ?? "";
    assert.match(budget, new RegExp(`at most ${Math.floor(e.budget * e.requests + 1e-9)} of ${e.requests} may fail; ${e.failed} failed`));
    const bars = await svg.locator("rect.answered").count();
    assert.equal(bars, e.timeline.length, "one answered bar per slice");
  }

  function assertQuiet(o: Opened): void {
    assert.deepEqual(o.errors, [], "no console errors or warnings");
    assert.deepEqual(o.requests, [o.url], "no request but the page itself");
  }

  it("the report of a clean run: every check's evidence, canary charts, no errors, no network", async () => {
    // A clean mesh passes; only a timing-judged check may decline to decide on a loaded machine.
    const undecided = clean.checks.filter((c) => c.status !== "pass");
    assert.ok(undecided.every((c) => c.status === "inconclusive" && (TIMING_JUDGED as readonly string[]).includes(c.check)), clean.checks.map((c) => `${c.id}: ${c.status}: ${c.summary}`).join("\n"));
    const o = await open("clean.html", renderHtmlReport(clean));
    await canaryAssertions(o, clean);
    assert.equal(await o.page.locator("table.verdicts tbody tr").count(), clean.checks.length + clean.skipped.length);
    // A section per check result (routing has a VirtualService and a Gateway API target).
    for (const kind of ["routing", "mtls", "authz"]) {
      const results = clean.checks.filter((c) => c.evidence.kind === kind).length;
      assert.ok(results >= 1, kind);
      assert.equal(await o.page.locator(`section.check[data-kind="${kind}"]`).count(), results, kind);
    }
    assert.ok((await o.page.locator("table.routing-cases tbody tr").count()) > 0);
    assert.match((await o.page.locator("h1").textContent()) ?? "", undecided.length === 0 ? /PASS/ : /COULD NOT TEST/);
    await timelineAssertions(o, clean);
    assertQuiet(o);
    await o.page.screenshot({ path: join(SCREENSHOTS, "report-clean.png"), fullPage: true });
  });

  it("the report of a mis-weighted canary shows the failure outside the tolerance band", async () => {
    const canary = faulty.checks.find((c) => c.check === "canary-split");
    assert.equal(canary?.status, "fail");
    const o = await open("canary-fail.html", renderHtmlReport(faulty));
    await canaryAssertions(o, faulty);
    assert.ok((await o.page.locator("svg.share-bars text", { hasText: "outside 90% ± 5%" }).count()) >= 1);
    assertQuiet(o);
    await o.page.screenshot({ path: join(SCREENSHOTS, "report-canary-fail.png"), fullPage: true });
  });

  it("the first screen: verdict summary and canary picture at 1400×900, verdict summary at 390 wide", async () => {
    const html = renderHtmlReport(clean);
    const wide = await open("first-screen-1400.html", html, { width: 1400, height: 900 });
    const top = async (o: Opened, selector: string): Promise<number> => {
      const box = await o.page.locator(selector).first().boundingBox();
      assert.ok(box, `${selector} is rendered`);
      return box.y;
    };
    // The summary lists every check, so nothing of the verdict is only further down.
    assert.equal(await wide.page.locator("ul.verdict-summary li").count(), clean.checks.length + clean.skipped.length);
    const wideSummary = await top(wide, "ul.verdict-summary");
    const wideCanary = await top(wide, "svg.share-bars");
    assert.ok(wideSummary < 900, `verdict summary starts at ${wideSummary} px`);
    assert.ok(wideCanary < 900, `first canary chart starts at ${wideCanary} px, not on the first screen of 900`);
    assertQuiet(wide);
    await wide.page.screenshot({ path: join(SCREENSHOTS, "report-1400.png") });
    const narrow = await open("first-screen-390.html", html, { width: 390, height: 844 });
    const narrowSummary = await top(narrow, "ul.verdict-summary");
    assert.ok(narrowSummary < 900, `verdict summary starts at ${narrowSummary} px at 390 wide`);
    assertQuiet(narrow);
    await narrow.page.screenshot({ path: join(SCREENSHOTS, "report-390.png") });
    await narrow.page.screenshot({ path: join(SCREENSHOTS, "report-390-full.png"), fullPage: true });
  });

  it("the JUnit rendering parses as XML in the browser's own parser, one testcase per check", async () => {
    assert.ok(browser);
    const page = await browser.newPage();
    opened.push(page);
    const xml = renderJunit(clean);
    const count = await page.evaluate(
      `(() => { const d = new DOMParser().parseFromString(${JSON.stringify(xml)}, "application/xml");
        return d.getElementsByTagName("parsererror").length > 0 ? -1 : d.getElementsByTagName("testcase").length; })()`,
    );
    assert.equal(count, clean.checks.length + clean.skipped.length);
  });

  it("the history page: a trend line per destination (the fault run left out), latency lines and a verdict grid", async () => {
    const entries = [historyEntry(clean), historyEntry(faulty), historyEntry(clean)];
    const o = await open("history.html", renderHistoryPage(entries, "reports/history.jsonl", 0));
    // The run made with a fault is left out of the trend lines by default: two points, not three.
    const drawn = entries.filter((e) => e.faults.length === 0).length;
    assert.equal(drawn, 2);
    for (const name of ["v1", "v2"]) {
      const line = o.page.locator(`section.trend[data-check="canary-split/workshop-canary"] svg.trend g.trend-line[data-destination="${name}"]`);
      assert.equal(await line.locator("circle").count(), drawn, name);
      const box = await line.locator("polyline").first().boundingBox();
      assert.ok(box && box.width > 100, `trend line of ${name} is drawn`);
    }
    const statuses = await o.page.locator('tr[data-check="canary-split/workshop-canary"] td.status-cell').evaluateAll(
      (cells) => cells.map((c) => c.getAttribute("data-status")),
    );
    assert.deepEqual(statuses, ["pass", "fail", "pass"]);
    assert.equal(await o.page.locator("tr.fault-run .fault-mark").count(), 1);
    const p99 = o.page.locator('section.latency-trend[data-check="canary-split/workshop-canary"] g.latency-line[data-percentile="p99"]');
    assert.equal(await p99.locator("circle").count(), 2);
    assertQuiet(o);
    await o.page.screenshot({ path: join(SCREENSHOTS, "history.png"), fullPage: true });
  });
});
