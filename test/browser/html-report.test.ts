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
  this.timeout(90_000);
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

  async function open(name: string, html: string): Promise<Opened> {
    assert.ok(browser && dir);
    const file = join(dir, name);
    await writeFile(file, html);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
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
    const canary = report.checks.find((c) => c.evidence.kind === "canary");
    assert.ok(canary && canary.evidence.kind === "canary", "the run has a canary check");
    const p = canary.evidence.proportion;
    assert.ok(p.destinations.length >= 2);
    for (const d of p.destinations) {
      const bar = o.page.locator(`svg.share-bars g.share-bar[data-destination="${d.name}"]`);
      assert.equal(await bar.count(), 1, `share bar for ${d.name}`);
      const box = await bar.locator("rect.observed").boundingBox();
      assert.ok(box && box.height > 5, `the observed bar of ${d.name} is drawn`);
      // The bar's length is its share of the plot: a rendering that ignored the data would not match.
      const track = await bar.locator("rect.track").boundingBox();
      assert.ok(track && box);
      assert.ok(Math.abs(box.width / track.width - d.share) < 0.01, `${d.name}: bar ${box.width}/${track.width} vs share ${d.share}`);
      const label = await bar.locator("text.share-label").textContent();
      assert.equal(label, `${(d.share * 100).toFixed(1)}% [${(d.ci[0] * 100).toFixed(1)}%, ${(d.ci[1] * 100).toFixed(1)}%]`);
      const line = o.page.locator(`svg.share-trace g.share-line[data-destination="${d.name}"] polyline`);
      assert.equal(await line.count(), 1, `running-share line for ${d.name}`);
      const lineBox = await line.boundingBox();
      assert.ok(lineBox && lineBox.width > 100, `the running-share line of ${d.name} spans the chart`);
    }
    const terms = await o.page.locator(".terms").first().textContent();
    assert.match(terms ?? "", /α = 0\.001/);
    assert.match(terms ?? "", /β = 0\.01/);
    assert.match(terms ?? "", /δ = 5%/);
    assert.match(terms ?? "", new RegExp(`decided after ${p.requests} of ${p.budget} budgeted requests`));
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
    for (const kind of ["routing", "mtls", "authz"]) assert.equal(await o.page.locator(`section.check[data-kind="${kind}"]`).count(), 1, kind);
    assert.ok((await o.page.locator("table.routing-cases tbody tr").count()) > 0);
    assert.match((await o.page.locator("h1").textContent()) ?? "", undecided.length === 0 ? /PASS/ : /COULD NOT TEST/);
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

  it("the history page: a trend line per destination and a verdict grid", async () => {
    const entries = [historyEntry(clean), historyEntry(faulty), historyEntry(clean)];
    const o = await open("history.html", renderHistoryPage(entries, "reports/history.jsonl", 0));
    for (const name of ["v1", "v2"]) {
      const line = o.page.locator(`svg.trend g.trend-line[data-destination="${name}"]`);
      assert.equal(await line.locator("circle").count(), 3, name);
      const box = await line.locator("polyline").first().boundingBox();
      assert.ok(box && box.width > 100, `trend line of ${name} is drawn`);
    }
    const statuses = await o.page.locator('tr[data-check="canary-split/workshop-canary"] td.status-cell').evaluateAll(
      (cells) => cells.map((c) => c.getAttribute("data-status")),
    );
    assert.deepEqual(statuses, ["pass", "fail", "pass"]);
    assertQuiet(o);
    await o.page.screenshot({ path: join(SCREENSHOTS, "history.png"), fullPage: true });
  });
});
