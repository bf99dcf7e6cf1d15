// A result names the API its target was stated in (the profile entry's `api`): the runner carries
// it over, and the console, Markdown and HTML renderings show it as one word after the name.
import assert from "node:assert/strict";
import type { CheckDefinition } from "../../harness/check-kit/types.js";
import type { RegisteredCheck } from "../../harness/features/registry.js";
import { createConsolePrinter } from "../../harness/printers/console.js";
import { renderHtmlReport } from "../../harness/render/html/report.js";
import { renderMarkdown } from "../../harness/render/markdown.js";
import { runChecks } from "../../harness/runner/run-checks.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import { fixtureReport } from "./fixtures.js";

const fake: CheckDefinition<"canary"> = {
  id: "fake-canary",
  feature: "canary",
  description: "answers at once",
  section: "canary",
  concurrency: "bulk",
  run: () => Promise.resolve({ status: "pass", summary: "ok", requests: 0, evidence: { kind: "error", message: "none" } }),
};

const profile: TargetProfile = {
  apiVersion: "meshcheck/v1",
  kind: "TargetProfile",
  name: "t",
  identify: { header: "x-version" },
  vantages: { outside: { kind: "direct" } },
  canary: [
    { name: "vs-canary", api: "VirtualService", url: "http://127.0.0.1:9/", weights: { v1: 100 } },
    { name: "route-canary", api: "HTTPRoute", url: "http://127.0.0.1:9/", weights: { v1: 100 } },
    { name: "unsaid", url: "http://127.0.0.1:9/", weights: { v1: 100 } },
  ],
};

describe("the API a target came from, in results and renderings", () => {
  it("the runner copies the profile entry's api onto its result, and leaves it out where the entry says none", async () => {
    const lines: string[] = [];
    const printer = createConsolePrinter({ stream: { isTTY: false, write: (t: string) => lines.push(t) }, color: false });
    const report = await runChecks({
      profile,
      target: { name: "t", source: "file", faults: [] },
      checks: [fake as unknown as RegisteredCheck],
      selection: { checks: [], features: [] },
      stats: { ...DEFAULT_STATS },
      timing: DEFAULT_TIMING,
      listener: printer,
    });
    const byTarget = Object.fromEntries(report.checks.map((c) => [c.target, c.api]));
    assert.deepEqual(byTarget, { "vs-canary": "VirtualService", "route-canary": "HTTPRoute", unsaid: undefined });
    assert.ok(report.checks.every((c) => c.target !== "unsaid" || !("api" in c)));
    const out = lines.join("");
    assert.match(out, /PASS fake-canary\/route-canary HTTPRoute \(/);
    assert.match(out, /PASS fake-canary\/vs-canary VirtualService \(/);
    assert.match(out, /PASS fake-canary\/unsaid \(/);
  });

  it("Markdown and HTML show the word next to the check's name", () => {
    const report = fixtureReport();
    const c = report.checks[0]!;
    c.api = "HTTPRoute";
    assert.ok(renderMarkdown(report).includes(`| ${c.id} HTTPRoute |`));
    const html = renderHtmlReport(report);
    assert.match(html, /<code>[^<]*<\/code><\/a> <span class="api">HTTPRoute<\/span><\/td>/);
    assert.match(html, /<h3><code>[^<]*<\/code> <span class="api">HTTPRoute<\/span>/);
  });
});
