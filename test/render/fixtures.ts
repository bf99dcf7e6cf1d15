// Fixed run reports for rendering tests: every check kind and status, a skipped check, and
// hostile strings where a report carries text from the outside world (names, URLs, bodies).
import type { CheckResult, RunReport, TrafficSummary } from "../../harness/report/types.js";
import type { DestinationEvidence, ProportionEvidence } from "../../harness/stats/index.js";

export const HOSTILE = `<script>alert("x")</script> & ]]> 'q' \u0001 | *bold* [link](http://evil.example/) \`code\``;

export function traffic(p50Ms: number, p99Ms: number, requests = 10): TrafficSummary {
  return {
    requests,
    responses: requests,
    errors: 0,
    byDestination: { v1: requests },
    unidentified: 0,
    byStatus: { "200": requests },
    byError: {},
    latency: { count: requests, minMs: p50Ms / 2, meanMs: p50Ms, p50Ms, p90Ms: p99Ms, p99Ms, maxMs: p99Ms },
    latencyHistogram: { leMs: [1, 10], cumulative: [0, requests], count: requests, sumMs: p50Ms * requests },
  };
}

/** One destination's evidence, its finding read off the interval against weight ± 5 points. */
export function destination(name: string, expectedShare: number, observed: number, requests: number, ci: [number, number]): DestinationEvidence {
  const band: [number, number] = [Math.max(0, expectedShare - 0.05), Math.min(1, expectedShare + 0.05)];
  const finding = ci[0] >= band[0] && ci[1] <= band[1] ? "within" : ci[0] > band[1] || ci[1] < band[0] ? "outside" : "undecided";
  return { name, expectedShare, observed, share: observed / requests, band, ci, ciLevel: finding === "outside" ? 0.999 : 0.99, finding };
}

export function proportion(shares: { v1: number; v2: number }, requests = 400): ProportionEvidence {
  const v1 = Math.round(shares.v1 * requests);
  const v2 = requests - v1;
  return {
    method: "confidence-sequence/v2",
    alpha: 0.001,
    beta: 0.01,
    delta: 0.05,
    budget: 5000,
    requests,
    destinations: [
      destination("v1", 0.9, v1, requests, [v1 / requests - 0.04, v1 / requests + 0.03]),
      destination("v2", 0.1, v2, requests, [v2 / requests - 0.03, v2 / requests + 0.04]),
    ],
    pValue: 0.0004,
    reason: `v1 ${(shares.v1 * 100).toFixed(1)}% of ${requests} requests`,
    trace: [1, 2, 5, 20, 100, requests].map((n) => ({ requests: n, shares: { v1: n === 1 ? 1 : shares.v1, v2: n === 1 ? 0 : shares.v2 } })),
  };
}

export function canaryCheck(status: CheckResult["status"], shares: { v1: number; v2: number }, latency: [number, number] = [5, 20]): CheckResult {
  return {
    id: "canary-split/workshop-canary",
    check: "canary-split",
    feature: "canary",
    target: "workshop-canary",
    description: "weighted destinations answer their share of requests",
    status,
    summary: `canary ${status}`,
    requests: 400,
    durationMs: 640,
    evidence: { kind: "canary", convergence: { converged: true, attempts: 3, elapsedMs: 40 }, proportion: proportion(shares), nonAnswers: {} },
    traffic: traffic(latency[0], latency[1], 400),
  };
}

export function fixtureReport(): RunReport {
  const checks: CheckResult[] = [
    {
      id: "authz-policy/workshop-auth",
      check: "authz-policy",
      feature: "authz",
      target: "workshop-auth",
      description: "GET only",
      status: "error",
      summary: "positive control failed: the service is down",
      requests: 2,
      durationMs: 30,
      evidence: {
        kind: "authz",
        controls: [{ vantage: "workshop-app", method: "GET", url: "http://workshop-app-v1.workshop-app:8080/", expect: "2xx", observed: "status:503", body: "no healthy upstream", ok: false }],
        denials: [{ vantage: "intruder", method: "GET", url: "http://workshop-app-v1.workshop-app:8080/", expect: "403", observed: "status:403", body: HOSTILE, ok: true }],
      },
      traffic: traffic(2, 4, 2),
    },
    canaryCheck("fail", { v1: 0.8, v2: 0.2 }),
    {
      id: `header-routing/${HOSTILE}`,
      check: "header-routing",
      feature: "routing",
      target: HOSTILE,
      description: "header matches route to their destination",
      status: "pass",
      summary: "7 cases, every answer from the expected destination",
      requests: 20,
      durationMs: 120,
      evidence: {
        kind: "routing",
        cases: [
          { name: "rule 0 matches", headers: { "x-env": "dev" }, expected: "dest:dev", sent: 10, observed: { "dest:dev": 10 }, ok: true },
          { name: HOSTILE, headers: { "x-env": HOSTILE }, expected: "dest:prod", sent: 10, observed: { "dest:prod": 10 }, ok: true },
        ],
      },
      traffic: traffic(1.5, 3, 20),
    },
    {
      id: "mtls-strict/workshop-app-strict",
      check: "mtls-strict",
      feature: "mtls",
      target: "workshop-app-strict",
      description: "plaintext gets no answer",
      status: "inconclusive",
      summary: "could not decide",
      requests: 2,
      durationMs: 12,
      evidence: {
        kind: "mtls",
        control: { vantage: "workshop-app", method: "GET", url: "http://x/", expect: "2xx", observed: "dest:v1", caller: "spiffe://cluster.local/ns/workshop-app/sa/workshop-app", ok: true },
        plaintext: [{ vantage: "outsider", method: "GET", url: "http://x/", expect: "reset", observed: "error:ECONNRESET", ok: true }],
      },
      traffic: traffic(1, 2, 2),
    },
  ];
  return {
    apiVersion: "meshcheck/v1",
    kind: "RunReport",
    runId: "20260101T000000Z-abcdef",
    meshcheckVersion: "0.1.0",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.000Z",
    durationMs: 1000,
    target: { name: "local", source: "local", faults: ["canary-weights=80/20"] },
    settings: {
      stats: { alpha: 0.001, beta: 0.01, delta: 0.05, budget: 5000 },
      timing: { requestTimeoutMs: 5000, convergenceThreshold: 3, convergenceTimeoutMs: 3000, pollIntervalMs: 100, unreachableAfterMs: 5000 },
      selection: { checks: [], features: [] },
    },
    verdict: "fail",
    exitCode: 1,
    counts: { pass: 1, fail: 1, inconclusive: 1, error: 1, skipped: 1 },
    checks,
    skipped: [{ check: "retry-budget", feature: "routing", reason: `the profile has no retry section ${HOSTILE}` }],
    problems: [],
  };
}

/** A report with only a canary check, for history and diff. */
export function canaryReport(runId: string, status: CheckResult["status"], shares: { v1: number; v2: number }, latency: [number, number] = [5, 20]): RunReport {
  const base = fixtureReport();
  const verdict = status === "pass" ? "pass" : status === "fail" ? "fail" : "could-not-test";
  return {
    ...base,
    runId,
    target: { ...base.target, faults: [] },
    verdict,
    exitCode: verdict === "pass" ? 0 : verdict === "fail" ? 1 : 3,
    counts: { pass: status === "pass" ? 1 : 0, fail: status === "fail" ? 1 : 0, error: status === "error" ? 1 : 0, inconclusive: status === "inconclusive" ? 1 : 0, skipped: 0 },
    checks: [canaryCheck(status, shares, latency)],
    skipped: [],
  };
}
