// Text lines for the circuit-breaking, outlier-detection and disruption evidence (JUnit bodies,
// console): what was sent, what came back, and the moments that decided.
import type { CircuitBreakingEvidence, DisruptionEvidence, OutlierDetectionEvidence } from "../checks/evidence-destination.js";
import { observedText, requestText } from "./evidence-text.js";
import { ms, pct, prob } from "./format.js";

export type DestinationEvidence = CircuitBreakingEvidence | OutlierDetectionEvidence | DisruptionEvidence;

export function circuitBreakingLines(e: CircuitBreakingEvidence): string[] {
  const b = e.burst;
  return [
    ...e.controls.map((r) => `control: ${requestText(r)}`),
    `pool: ${e.maxActive} active + ${e.maxPending} pending`,
    `burst: ${b.sent} at once to ${b.path}: ${b.succeeded} succeeded, ${b.overflowed} overflowed${Object.keys(b.other).length > 0 ? `, other: ${observedText(b.other)}` : ""}`,
    ...(b.overflowSample !== undefined ? [`overflow answer: ${b.overflowSample}`] : []),
  ];
}

export function outlierDetectionLines(e: OutlierDetectionEvidence): string[] {
  const a = e.afterEjection;
  return [
    `settings: ${e.consecutiveErrors} consecutive 5xx, interval ${ms(e.intervalMs)}, base ejection ${ms(e.baseEjectionTimeMs)}, max ejection ${e.maxEjectionPercent}%; failing: ${e.failing.join(", ")}`,
    `warm-up: ${e.warmup.requests} requests in ${ms(e.warmup.elapsedMs)} (${observedText(e.warmup.observed)})${e.warmup.reached ? "" : " — the failing endpoints never failed enough in a row"}`,
    `after the ejection: ${a.requests} requests within ${ms(a.windowMs)}, ${a.failures} failed (${observedText(a.observed)}); SPRT ${a.state}: H0 fail share ${pct(a.p0)} vs H1 none, α=${prob(a.alpha)} β=${prob(a.beta)}`,
  ];
}

export function disruptionLines(e: DisruptionEvidence): string[] {
  const r = e.restart;
  const at = (v: number | undefined) => (v === undefined ? "—" : `+${ms(v)}`);
  return [
    `traffic: ${e.requests} requests at ${e.ratePerSec}/s, ${e.failed} failed (${pct(e.errorRate)}), budget ${pct(e.budget)}`,
    `restart (${r.how}): asked at ${at(r.startedAtMs)}, done at ${at(r.finishedAtMs)}${r.ok ? "" : " — FAILED"}: ${r.detail}`,
    `failures: first ${at(e.firstFailureAtMs)}, last ${at(e.lastFailureAtMs)}; recovered ${e.recoveryMs === undefined ? "never" : `${ms(e.recoveryMs)} after the restart began`}${Object.keys(e.failures).length > 0 ? ` (${observedText(e.failures)})` : ""}`,
    `pods: before ${e.podsBefore.join(", ") || "—"}; after ${e.podsAfter.join(", ") || "—"}`,
  ];
}

export function destinationEvidenceLines(e: DestinationEvidence): string[] {
  switch (e.kind) {
    case "circuit-breaking":
      return circuitBreakingLines(e);
    case "outlier-detection":
      return outlierDetectionLines(e);
    case "disruption":
      return disruptionLines(e);
  }
}
