// The run report as Prometheus metrics: a pure function RunReport → a fresh prom-client
// Registry (never the global one), so every delivery (Pushgateway, /metrics, textfile) renders
// the same numbers from the one canonical result. Names and labels: harness/metrics/README.md.
//
// Cardinality: series are keyed by what the profile declares (target, check, check target,
// destination, outcome, status), never by run id — a nightly job adds samples, not series.

import { Gauge, Registry } from "prom-client";
import { BucketedHistogram } from "./bucketed-histogram.js";
import type { CheckResult, RunReport } from "../report/types.js";
import type { CheckStatus, RunVerdict } from "../status.js";

// Records keyed by the union: adding a status or verdict fails to compile until it is exported.
const CHECK_STATUSES = Object.keys({ pass: 0, fail: 0, inconclusive: 0, error: 0 } satisfies Record<CheckStatus, 0>) as CheckStatus[];
const RUN_VERDICTS = Object.keys({ pass: 0, fail: 0, "could-not-test": 0 } satisfies Record<RunVerdict, 0>) as RunVerdict[];
const COUNTED = [...CHECK_STATUSES, "skipped"] as const;

const CHECK_LABELS = ["target", "check", "check_target", "feature"] as const;

export function metricsRegistry(report: RunReport): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const target = report.target.name;

  gauge("meshcheck_run_timestamp_seconds", "When the run finished, in Unix seconds.", ["target"]).set({ target }, Date.parse(report.finishedAt) / 1000);
  gauge("meshcheck_run_duration_seconds", "How long the run took, in seconds.", ["target"]).set({ target }, report.durationMs / 1000);
  const verdict = gauge("meshcheck_run_verdict", "1 for the run's verdict, 0 for the other verdicts.", ["target", "verdict"]);
  for (const v of RUN_VERDICTS) verdict.set({ target, verdict: v }, v === report.verdict ? 1 : 0);
  gauge("meshcheck_run_exit_code", "The exit code the run's checks decided (0 pass, 1 fail, 2 usage, 3 could not test).", ["target"]).set({ target }, report.exitCode);
  const checks = gauge("meshcheck_checks", "Checks of the run by status (skipped: the profile has no section for them).", ["target", "status"]);
  for (const s of COUNTED) checks.set({ target, status: s }, report.counts[s]);

  const status = gauge("meshcheck_check_status", "1 for the check's status, 0 for the other statuses.", [...CHECK_LABELS, "status"]);
  const checkRequests = gauge("meshcheck_check_requests", "Requests the check counted for its verdict (the report's check requests; meshcheck_requests counts every request sent).", CHECK_LABELS);
  const checkDuration = gauge("meshcheck_check_duration_seconds", "How long the check took, in seconds.", CHECK_LABELS);
  const requests = gauge("meshcheck_requests", "Requests the check sent, by outcome: dest (a response naming destination), unidentified (a response naming none) or error_<CODE> (no HTTP response).", [...CHECK_LABELS, "destination", "outcome"]);
  const responses = gauge("meshcheck_responses", "HTTP responses the check got, by status code.", [...CHECK_LABELS, "code"]);
  const share = gauge("meshcheck_canary_share", "Canary share of a destination: observed, expected (the weight), and the anytime-valid confidence interval of the observed share (ci_lower, ci_upper).", ["target", "check", "check_target", "destination", "kind"]);
  const pValue = gauge("meshcheck_canary_p_value", "Anytime-valid p-value for 'every share lies within its weight ± tolerance' (the check fails when it is at most alpha).", ["target", "check", "check_target"]);
  const ciLevel = gauge("meshcheck_canary_ci_level", "Confidence level of the canary share intervals: 1 - beta for a pass or inconclusive, 1 - alpha per share for a fail.", ["target", "check", "check_target"]);
  const latency = new BucketedHistogram("meshcheck_request_duration_seconds", "Latency of every request the check sent (convergence polling included), in seconds.");
  latency.registerIn(registry);

  for (const c of report.checks) {
    const labels = { target, check: c.check, check_target: c.target, feature: c.feature };
    for (const s of CHECK_STATUSES) status.set({ ...labels, status: s }, s === c.status ? 1 : 0);
    checkRequests.set(labels, c.requests);
    checkDuration.set(labels, c.durationMs / 1000);
    exportTraffic(c, labels, requests, responses, latency);
    if (c.evidence.kind === "canary") {
      const p = c.evidence.proportion;
      const own = { target, check: c.check, check_target: c.target };
      pValue.set(own, p.pValue);
      const level = p.destinations[0]?.ciLevel;
      if (level !== undefined) ciLevel.set(own, level);
      for (const d of p.destinations) {
        const at = { ...own, destination: d.name };
        share.set({ ...at, kind: "observed" }, d.share);
        share.set({ ...at, kind: "expected" }, d.expectedShare);
        share.set({ ...at, kind: "ci_lower" }, d.ci[0]);
        share.set({ ...at, kind: "ci_upper" }, d.ci[1]);
      }
    }
  }
  return registry;
}

function exportTraffic(
  c: CheckResult,
  labels: Record<(typeof CHECK_LABELS)[number], string>,
  requests: Gauge<string>,
  responses: Gauge<string>,
  latency: BucketedHistogram,
): void {
  const t = c.traffic;
  // These three partition the requests (their sum is t.requests); status codes are a second,
  // separate split of the responses, because the report does not cross destination × status.
  for (const [destination, n] of Object.entries(t.byDestination)) requests.set({ ...labels, destination, outcome: "dest" }, n);
  if (t.unidentified > 0) requests.set({ ...labels, outcome: "unidentified" }, t.unidentified);
  for (const [code, n] of Object.entries(t.byError)) if (n !== undefined) requests.set({ ...labels, outcome: `error_${code}` }, n);
  for (const [code, n] of Object.entries(t.byStatus)) responses.set({ ...labels, code }, n);
  const h = t.latencyHistogram;
  latency.load(labels, { le: h.leMs.map(msToSeconds), cumulative: h.cumulative, count: h.count, sum: msToSeconds(h.sumMs) });
}

// Through a string so 2.5 ms is 0.0025, not 0.0025000000000000005.
function msToSeconds(ms: number): number {
  return Number((ms / 1000).toPrecision(12));
}

/** The text exposition format (also node_exporter's textfile format). */
export async function renderMetrics(report: RunReport): Promise<{ text: string; contentType: string }> {
  const registry = metricsRegistry(report);
  return { text: await registry.metrics(), contentType: registry.contentType };
}
