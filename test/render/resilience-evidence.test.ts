// The resilience checks' evidence reaches every rendering: the timed requests and their bounds,
// the retry success rate against its minimum with α/β/δ, and one share panel per injected fault.
import assert from "node:assert/strict";
import type { CheckResult, RunReport } from "../../harness/report/types.js";
import { renderHtmlReport } from "../../harness/render/html/report.js";
import { renderJunit } from "../../harness/render/junit.js";
import { renderMarkdown } from "../../harness/render/markdown.js";
import type { ProportionEvidence } from "../../harness/stats/index.js";
import { destination, fixtureReport, HOSTILE, traffic } from "./fixtures.js";

function share(hit: string, miss: string, expected: number, observed: number, requests: number): ProportionEvidence {
  const hits = Math.round(observed * requests);
  return {
    method: "confidence-sequence/v2",
    alpha: 0.0005,
    beta: 0.01,
    delta: 0.05,
    budget: 5000,
    requests,
    destinations: [
      destination(hit, expected, hits, requests, [observed - 0.03, observed + 0.03]),
      destination(miss, 1 - expected, requests - hits, requests, [1 - observed - 0.03, 1 - observed + 0.03]),
    ],
    pValue: 0.5,
    reason: `${hit} ${(observed * 100).toFixed(1)}% is within ${expected * 100} ± 5 after ${requests} requests (pass claim, β = 0.01)`,
    trace: [1, 10, requests].map((n) => ({ requests: n, shares: { [hit]: observed, [miss]: 1 - observed } })),
  };
}

const common = { durationMs: 900, traffic: traffic(5, 500, 6) };
const checks: CheckResult[] = [
  {
    ...common,
    id: "route-timeout/t",
    check: "route-timeout",
    feature: "timeouts",
    target: "t",
    description: "a request slower than the route timeout gets 504",
    status: "fail",
    summary: "requests slower than the 500 ms timeout were answered anyway",
    requests: 6,
    evidence: {
      kind: "timeout",
      timeoutMs: 500,
      boundsMs: [450, 1000],
      control: { vantage: "direct", method: "GET", url: "http://gw/delay/100", expect: "2xx", observed: "dest:v1", ok: true, latencyMs: 104 },
      slow: [{ vantage: "direct", method: "GET", url: `http://gw/delay/2000?${HOSTILE}`, expect: "504", observed: "dest:v1", ok: false, latencyMs: 2012 }],
    },
  },
  {
    ...common,
    id: "retries/r",
    check: "retries",
    feature: "retries",
    target: "r",
    description: "retries lift the success rate",
    status: "pass",
    summary: "success rate 88% after 400 requests",
    requests: 400,
    evidence: {
      kind: "retries",
      attempts: 2,
      retryOn: "5xx",
      failRatio: 0.5,
      rate: { method: "confidence-sequence-one-sided/v2", minimumRate: 0.875, band: [0.825, 1], alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000, requests: 400, successes: 352, rate: 0.88, ci: [0.83, 0.92], ciLevel: 0.99, finding: "within", pValue: 1, reason: "success rate 88.0% [83.0, 92.0] is at least 82.5% (the expected 87.5% − 5) after 400 requests (pass claim, β = 0.01)" },
      failures: { "status:500": 48 },
    },
  },
  {
    ...common,
    id: "fault-injection/f",
    check: "fault-injection",
    feature: "fault-injection",
    target: "f",
    description: "fault shares match",
    status: "pass",
    summary: "fault shares match the route",
    requests: 700,
    evidence: {
      kind: "fault-injection",
      abort: { rule: 'status 503 with body "fault filter abort"', proportion: share("aborted", "passed", 0.2, 0.2, 700) },
      delay: { rule: "latency ≥ 200 ms", proportion: share("delayed", "undelayed", 0.1, 0.1, 700) },
      unexpected: {},
    },
  },
];

describe("resilience evidence in the renderings", () => {
  const report: RunReport = { ...fixtureReport(), checks };

  it("HTML: timed requests with latency and bounds, the success rate against its minimum, a share panel per fault", () => {
    const html = renderHtmlReport(report);
    assert.match(html, /<b class="bounds">450–1000 ms<\/b>/);
    assert.match(html, /<table class="timed-requests">[\s\S]*2012 ms/);
    assert.match(html, /1 − 0\.5<sup>3<\/sup> = <b>87\.5%<\/b>/);
    assert.match(html, /<table class="success-rate">[\s\S]*88\.0%[\s\S]*82\.5%/);
    assert.match(html, /status:500×48/);
    assert.match(html, /<h4>Aborted requests: <span class="mono">status 503 with body &quot;fault filter abort&quot;<\/span><\/h4>/);
    assert.match(html, /<h4>Delayed requests: <span class="mono">latency ≥ 200 ms<\/span><\/h4>/);
    assert.match(html, /data-destination="aborted"/);
    assert.doesNotMatch(html, /<script>/);
  });

  it("JUnit carries the evidence as text; Markdown for the checks that did not pass", () => {
    const junit = renderJunit(report);
    const md = renderMarkdown(report);
    for (const text of [junit, md]) {
      assert.match(text, /route timeout 500 ms: a slower request must get 504 within 450–1000 ms/);
      assert.match(text, /in 2012 ms/);
    }
    assert.match(junit, /2 retries on 5xx; the upstream fails 50% of tries/);
    assert.match(junit, /success rate 88\.0% \(352\/400\)/);
    assert.match(junit, /abort \(status 503 with body/);
    assert.match(junit, /delayed: 10\.0% \(70 of sample 700\)/);
  });
});
