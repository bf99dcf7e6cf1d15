// A small, fixed RunReport: one canary check that passed, one mTLS check that failed with
// connection errors, one skipped check. Values are chosen to be exact in binary (shares like
// 0.875) so the expected exposition can be written by hand.
import type { CheckResult, RunReport, TrafficSummary } from "../../harness/report/types.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";

const LE_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

function traffic(t: Partial<TrafficSummary> & Pick<TrafficSummary, "requests" | "latencyHistogram">): TrafficSummary {
  return {
    responses: 0,
    errors: 0,
    byDestination: {},
    unidentified: 0,
    byStatus: {},
    byError: {},
    latency: { count: t.requests, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 },
    ...t,
  };
}

const canary: CheckResult = {
  id: "canary-split/shop",
  check: "canary-split",
  feature: "canary",
  target: "shop",
  description: "weighted destinations answer their share of requests",
  status: "pass",
  summary: "v2 12.5% [3.1, 50.0] is neither within 10 ± 5 (pass claim, β = 0.01) nor outside it (fail claim, α = 0.001)",
  requests: 8,
  durationMs: 1500,
  evidence: {
    kind: "canary",
    proportion: {
      method: "confidence-sequence/v2",
      alpha: 0.001,
      beta: 0.01,
      delta: 0.05,
      budget: 5000,
      requests: 8,
      destinations: [
        { name: "v1", expectedShare: 0.9, observed: 7, share: 0.875, band: [0.85, 0.95], ci: [0.5, 0.96875], ciLevel: 0.99, finding: "undecided" },
        { name: "v2", expectedShare: 0.1, observed: 1, share: 0.125, band: [0.05, 0.15], ci: [0.03125, 0.5], ciLevel: 0.99, finding: "undecided" },
      ],
      pValue: 1,
      reason: "fixed",
    },
    nonAnswers: {},
  },
  traffic: traffic({
    requests: 10,
    responses: 10,
    byDestination: { v1: 8, v2: 1 },
    unidentified: 1,
    byStatus: { "200": 9, "503": 1 },
    latencyHistogram: { leMs: LE_MS, cumulative: [0, 2, 4, 8, 9, 9, 10, 10, 10, 10, 10, 10, 10], count: 10, sumMs: 62.5 },
  }),
};

const mtls: CheckResult = {
  id: "mtls-strict/shop-strict",
  check: "mtls-strict",
  feature: "mtls",
  target: "shop-strict",
  description: "plaintext is rejected",
  status: "fail",
  summary: "plaintext got an HTTP answer",
  requests: 3,
  durationMs: 250,
  evidence: { kind: "error", message: "fixed" },
  traffic: traffic({
    requests: 3,
    responses: 1,
    errors: 2,
    byDestination: { v1: 1 },
    byStatus: { "200": 1 },
    byError: { ECONNRESET: 1, TIMEOUT: 1 },
    // One request slower than the last bound: only +Inf (count) holds it.
    latencyHistogram: { leMs: LE_MS, cumulative: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], count: 3, sumMs: 12004 },
  }),
};

export const SAMPLE_REPORT: RunReport = {
  apiVersion: "meshcheck/v1",
  kind: "RunReport",
  runId: "20260101T000000Z-abcdef",
  meshcheckVersion: "0.1.0",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:02.500Z",
  durationMs: 2500,
  target: { name: "staging", source: "file", faults: [] },
  settings: {
    stats: { ...DEFAULT_STATS },
    timing: { ...DEFAULT_TIMING },
    selection: { checks: [], features: [] },
  },
  verdict: "fail",
  exitCode: 1,
  counts: { pass: 1, fail: 1, inconclusive: 0, error: 0, skipped: 1 },
  checks: [canary, mtls],
  skipped: [{ check: "authz-policy", feature: "authz", reason: "the profile has no authz section" }],
  problems: [],
};
