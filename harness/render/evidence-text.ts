// Evidence as plain-text lines: what JUnit carries in a failure body and system-out, so a CI
// page shows why a check decided as it did without opening run.json. Each feature renders its
// own evidence (../features/<check>/render.ts); this file finds the feature by evidence kind.

import { featureOfKind, type CheckEvidence } from "../features/registry.js";
import type { CheckResult, TrafficSummary } from "../report/types.js";
import { ms } from "../render-kit/format.js";

export function trafficText(t: TrafficSummary): string {
  const l = t.latency;
  return `traffic: ${t.requests} requests, ${t.responses} responses, ${t.errors} errors; latency p50 ${ms(l.p50Ms)}, p90 ${ms(l.p90Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)}`;
}

export function evidenceLines(e: CheckEvidence): string[] {
  if (e.kind === "error") return [`error: ${e.message}`];
  return featureOfKind(e.kind).text(e);
}

/** Everything about one check as text: summary, evidence, traffic. */
export function checkText(c: CheckResult): string {
  const conv = "convergence" in c.evidence && c.evidence.convergence
    ? [`convergence: ${c.evidence.convergence.converged ? "converged" : "did not converge"} after ${c.evidence.convergence.attempts} attempts (${ms(c.evidence.convergence.elapsedMs)})${c.evidence.convergence.last ? `; last: ${c.evidence.convergence.last}` : ""}`]
    : [];
  return [`${c.status.toUpperCase()}: ${c.summary}`, ...conv, ...evidenceLines(c.evidence), trafficText(c.traffic)].join("\n");
}
