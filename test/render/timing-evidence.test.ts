// The evidence behind the timing and resource-bound verdicts reaches text and HTML: the pool's
// bound with its allowance, the ejection test's H1 and window, the budget's exact test, the
// slowness a late 504 was judged against, and how delayed answers were told from slow ones.
import assert from "node:assert/strict";
import type { CircuitBreakingEvidence } from "../../harness/features/circuit-breaking/evidence.js";
import type { DisruptionEvidence } from "../../harness/features/disruption/evidence.js";
import type { OutlierDetectionEvidence } from "../../harness/features/outlier-detection/evidence.js";
import type { CheckEvidence } from "../../harness/features/registry.js";
import { judgeBudget } from "../../harness/check-kit/budget-test.js";
import { evidenceLines } from "../../harness/render/evidence-text.js";
import { circuitBreakingHtml } from "../../harness/features/circuit-breaking/render.js";
import { disruptionHtml } from "../../harness/features/disruption/render.js";
import { outlierDetectionHtml } from "../../harness/features/outlier-detection/render.js";
import { faultInjectionSection } from "../../harness/features/fault-injection/render.js";
import { timeoutSection } from "../../harness/features/route-timeout/render.js";
import type { CheckResult } from "../../harness/report/types.js";

const breaker: CircuitBreakingEvidence = {
  kind: "circuit-breaking",
  maxActive: 1,
  maxPending: 1,
  maxBurst: 64,
  controls: [],
  burst: { path: "/delay/300", sent: 8, succeeded: 3, overflowed: 5, other: {}, spreadMs: 160, fastestSuccessMs: 310, finishedDuringBurst: 1, admits: 3 },
};

const outlier: OutlierDetectionEvidence = {
  kind: "outlier-detection",
  consecutiveErrors: 3,
  baseEjectionTimeMs: 2000,
  intervalMs: 1000,
  maxEjectionPercent: 50,
  failing: ["flaky"],
  warmup: { requests: 5, observed: {}, reached: true, elapsedMs: 20 },
  afterEjection: { requests: 9, observed: { "dest:steady": 8, "status:500": 1 }, failures: 1, p0: 0.5, p1: 0.05, alpha: 0.001, beta: 0.01, windowMs: 2000, late: 1, state: "reject-null" },
};

const disruption: DisruptionEvidence = {
  kind: "disruption",
  ratePerSec: 330,
  profileRatePerSec: 40,
  budget: 0.02,
  requests: 340,
  failed: 1,
  errorRate: 1 / 340,
  budgetTest: judgeBudget(1, 340, 0.02, 0.001, 0.01),
  restart: { how: "POST x", startedAtMs: 400, finishedAtMs: 450, detail: "a → b", ok: true },
  failures: { "status:503": 1 },
  podsBefore: ["a"],
  podsAfter: ["b"],
  timeline: [],
};

const timeout: Extract<CheckEvidence, { kind: "timeout" }> = {
  kind: "timeout",
  timeoutMs: 500,
  boundsMs: [450, 625],
  control: { vantage: "direct", method: "GET", url: "http://h/delay/100", expect: "2xx", observed: "dest:v1", ok: true, latencyMs: 104 },
  slow: [{ vantage: "direct", method: "GET", url: "http://h/delay/2000", expect: "504", observed: "status:504", ok: false, latencyMs: 780 }],
  during: { requests: 7, answered: 7, totalMs: 1000, minLatencyMs: 101 },
  slackMs: 394,
};

const faults: Extract<CheckEvidence, { kind: "fault-injection" }> = {
  kind: "fault-injection",
  unexpected: {},
  delay: {
    rule: "latency ≥ 196 ms",
    proportion: {
      method: "m",
      alpha: 0.001,
      beta: 0.01,
      delta: 0.05,
      budget: 5000,
      requests: 800,
      destinations: [
        { name: "delayed", expectedShare: 0.1, observed: 120, share: 0.15, ci: [0.12, 0.18], ciLevel: 0.999, band: [0.05, 0.15], finding: "undecided" },
        { name: "undelayed", expectedShare: 0.9, observed: 680, share: 0.85, ci: [0.82, 0.88], ciLevel: 0.999, band: [0.85, 0.95], finding: "undecided" },
      ],
      pValue: 0.5,
      reason: "r",
    },
    separation: { thresholdMs: 196, slowMs: 98, baseline: { host: "meshcheck-baseline.invalid", requests: 400, slow: 30 }, route: { undelayed: 680, slow: 90 }, falsePositiveBound: 0.17, err: 0.001, allowed: 0.025, separated: false },
  },
};

describe("timing and resource-bound evidence in the renderings", () => {
  it("text states the pool's bound, the ejection test, the budget's exact test, the slowness and the separation", () => {
    assert.ok(evidenceLines(breaker).some((l) => l.includes("at most 3 may succeed: 1 active + 1 pending + 1 a slot could finish while the burst took 160 ms to send")));
    const od = evidenceLines(outlier).join("\n");
    assert.match(od, /H1 at most 5\.0%/);
    assert.match(od, /1 answered later, not counted/);
    const d = evidenceLines(disruption).join("\n");
    assert.match(d, /340 requests at 330\/s \(the profile's 40\/s, raised/);
    assert.match(d, /exact binomial against 2\.0%: P\(≥ 1 lost\) = .* P\(≤ 1 lost\) = .*→ pass/);
    const t = evidenceLines(timeout).join("\n");
    assert.match(t, /later than 625 ms counts as late only beyond the slowness measured meanwhile: 7 controls .* lost 394 ms/);
    const f = evidenceLines(faults).join("\n");
    assert.match(f, /at most 17% of undelayed answers reach 196 ms .* baseline to meshcheck-baseline\.invalid: 30\/400 at ≥ 98 ms.*not separated \(over 2\.5%\)/);
  });

  it("HTML carries the same facts, escaped", () => {
    assert.match(circuitBreakingHtml(breaker), /Bound on successes/);
    assert.match(disruptionHtml(disruption), /Budget test/);
    assert.match(outlierDetectionHtml(outlier), /H1 at most 5\.0%/);
    assert.match(timeoutSection(timeout), /lost 394 ms/);
    const result = { status: "inconclusive" } as unknown as CheckResult;
    assert.match(faultInjectionSection(faults, result), /class="separation bad">separation: at most 17%/);
  });
});
