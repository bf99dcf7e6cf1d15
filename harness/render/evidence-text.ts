// Evidence as plain-text lines: what JUnit carries in a failure body and system-out, so a CI
// page shows why a check decided as it did without opening run.json.

import { destinationEvidenceLines } from "./destination-text.js";
import type { CheckEvidence, ObservedCounts, RequestRecord, RoutingCase } from "../check-kit/records.js";
import type { ProportionEvidence } from "../stats/index.js";
import type { CheckResult, TrafficSummary } from "../report/types.js";
import { ci, ms, pct, points, prob } from "../render-kit/format.js";
import { faultInjectionLines, retriesLines, timeoutLines } from "./resilience-text.js";

export function observedText(observed: ObservedCounts): string {
  const parts = Object.entries(observed).map(([k, n]) => `${k}×${n}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

export function headersText(headers: Record<string, string>): string {
  const parts = Object.entries(headers).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join("; ") : "(no headers)";
}

export function routingCaseText(c: RoutingCase): string {
  return `${c.ok ? "ok  " : "BAD "} ${c.name} [${headersText(c.headers)}] expected ${c.expected}, got ${observedText(c.observed)} of ${c.sent}`;
}

export function requestText(r: RequestRecord): string {
  const extra = [r.caller !== undefined ? `caller ${r.caller}` : "", r.body !== undefined ? `body ${JSON.stringify(r.body)}` : ""].filter(Boolean);
  return `${r.ok ? "ok  " : "BAD "} ${r.vantage} ${r.method} ${r.url}: expected ${r.expect}, got ${r.observed}${extra.length ? ` (${extra.join("; ")})` : ""}`;
}

/** α, β, δ and requests used: the statistical terms a proportion verdict was reached under. */
export function proportionTermsText(p: ProportionEvidence): string {
  const needed = p.requestsNeeded !== undefined ? `; a decision needs about ${p.requestsNeeded}` : "";
  return `α=${prob(p.alpha)} β=${prob(p.beta)} δ=${points(p.delta)}; ${p.requests} of ${p.budget} budgeted requests${needed}; p=${prob(p.pValue)} (${p.method})`;
}

export function proportionLines(p: ProportionEvidence): string[] {
  const lines = p.destinations.map(
    (d) => `${d.name}: ${pct(d.share)} (${d.observed}/${p.requests}), ${points(d.ciLevel)} CI ${ci(d.ci)}; expected ${points(d.expectedShare)}, tolerance band ${ci(d.band)}: ${d.finding}`,
  );
  return [...lines, proportionTermsText(p), `reason: ${p.reason}`];
}

export function trafficText(t: TrafficSummary): string {
  const l = t.latency;
  return `traffic: ${t.requests} requests, ${t.responses} responses, ${t.errors} errors; latency p50 ${ms(l.p50Ms)}, p90 ${ms(l.p90Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}`;
}

export function evidenceLines(e: CheckEvidence): string[] {
  switch (e.kind) {
    case "circuit-breaking":
    case "outlier-detection":
    case "disruption":
      return destinationEvidenceLines(e);
    case "routing":
      return e.cases.map(routingCaseText);
    case "canary": {
      const lines = proportionLines(e.proportion);
      if (Object.keys(e.nonAnswers).length > 0) lines.push(`requests without an identified 2xx answer: ${observedText(e.nonAnswers)}`);
      return lines;
    }
    case "mtls":
      return [`control: ${requestText(e.control)}`, ...e.plaintext.map((r) => `plaintext: ${requestText(r)}`)];
    case "authz":
      return [...e.controls.map((r) => `control: ${requestText(r)}`), ...e.denials.map((r) => `deny: ${requestText(r)}`)];
    case "timeout":
      return timeoutLines(e);
    case "retries":
      return retriesLines(e);
    case "fault-injection":
      return faultInjectionLines(e);
    case "error":
      return [`error: ${e.message}`];
    default: {
      const never: never = e;
      throw new Error(`unhandled evidence ${JSON.stringify(never)}`);
    }
  }
}

/** Everything about one check as text: summary, evidence, traffic. */
export function checkText(c: CheckResult): string {
  const conv = "convergence" in c.evidence && c.evidence.convergence
    ? [`convergence: ${c.evidence.convergence.converged ? "converged" : "did not converge"} after ${c.evidence.convergence.attempts} attempts (${ms(c.evidence.convergence.elapsedMs)})${c.evidence.convergence.last ? `; last: ${c.evidence.convergence.last}` : ""}`]
    : [];
  return [`${c.status.toUpperCase()}: ${c.summary}`, ...conv, ...evidenceLines(c.evidence), trafficText(c.traffic)].join("\n");
}
