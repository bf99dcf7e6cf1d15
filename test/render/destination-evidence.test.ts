// The circuit-breaking, outlier-detection and disruption evidence as text and HTML: the numbers
// that decided are there, hostile text is escaped, and the restart window is drawn.
import assert from "node:assert/strict";
import type { CircuitBreakingEvidence } from "../../harness/features/circuit-breaking/evidence.js";
import type { DisruptionEvidence } from "../../harness/features/disruption/evidence.js";
import type { OutlierDetectionEvidence } from "../../harness/features/outlier-detection/evidence.js";
import { evidenceLines } from "../../harness/render/evidence-text.js";
import { circuitBreakingHtml } from "../../harness/features/circuit-breaking/render.js";
import { disruptionHtml } from "../../harness/features/disruption/render.js";
import { outlierDetectionHtml } from "../../harness/features/outlier-detection/render.js";

const breaker: CircuitBreakingEvidence = {
  kind: "circuit-breaking",
  maxActive: 1,
  maxPending: 1,
  controls: [{ vantage: "direct", method: "GET", url: "http://127.0.0.1:1/", expect: "2xx", observed: "dest:v1", ok: true }],
  burst: { path: "/delay/300", sent: 8, succeeded: 2, overflowed: 6, other: {}, overflowSample: `503 x-envoy-overloaded: true "<overflow>"` },
};
const outlier: OutlierDetectionEvidence = {
  kind: "outlier-detection",
  consecutiveErrors: 3,
  baseEjectionTimeMs: 2000,
  intervalMs: 1000,
  maxEjectionPercent: 50,
  failing: ["flaky"],
  warmup: { requests: 6, observed: { "status:500": 3, "dest:steady": 3 }, reached: true, elapsedMs: 40 },
  afterEjection: { requests: 7, observed: { "dest:steady": 7 }, failures: 0, p0: 0.5, alpha: 0.001, beta: 0.01, windowMs: 2000, state: "reject-null" },
};
const disruption: DisruptionEvidence = {
  kind: "disruption",
  ratePerSec: 40,
  budget: 0.02,
  requests: 91,
  failed: 30,
  errorRate: 30 / 91,
  restart: { how: "POST http://127.0.0.1:2/restart/ns/prod", startedAtMs: 400, finishedAtMs: 950, detail: "prod-0 → prod-1 (not graceful)", ok: true },
  firstFailureAtMs: 420,
  lastFailureAtMs: 930,
  recoveryMs: 560,
  failures: { "status:503": 30 },
  podsBefore: ["prod-0"],
  podsAfter: ["prod-1"],
  timeline: [{ atMs: 0, ok: 16, failed: 0 }, { atMs: 400, ok: 0, failed: 20 }, { atMs: 800, ok: 10, failed: 10 }, { atMs: 1200, ok: 35, failed: 0 }],
};

describe("DestinationRule and disruption evidence renderings", () => {
  it("text names the burst split, the ejection test and the restart moments", () => {
    assert.ok(evidenceLines(breaker).some((l) => l.includes("8 at once to /delay/300: 2 succeeded, 6 overflowed")));
    assert.ok(evidenceLines(outlier).some((l) => l.includes("SPRT reject-null") && l.includes("H0 fail share 50.0%")));
    const d = evidenceLines(disruption).join("\n");
    assert.match(d, /91 requests at 40\/s, 30 failed \(33\.0%\), budget 2\.0%/);
    assert.match(d, /recovered 560 ms after the restart began/);
    assert.match(d, /before prod-0; after prod-1/);
  });

  it("HTML escapes what the mesh sent and shades the restart on the timeline", () => {
    const html = circuitBreakingHtml(breaker);
    assert.ok(html.includes("&lt;overflow&gt;") && !html.includes("<overflow>"));
    const timeline = disruptionHtml(disruption);
    assert.match(timeline, /<svg class="timeline"/);
    assert.match(timeline, /restart \+400 ms … \+950 ms/);
    assert.equal((timeline.match(/fill="#c62828"/g) ?? []).length, 2);
    assert.match(outlierDetectionHtml(outlier), /reject-null/);
  });
});
