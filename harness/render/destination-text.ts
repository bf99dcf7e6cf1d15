// Text lines for the circuit-breaking, outlier-detection and disruption evidence (JUnit bodies,
// console): what was sent, what came back, and the moments that decided.
import type { CircuitBreakingEvidence, DisruptionEvidence, OutlierDetectionEvidence } from "../features/circuit-breaking/evidence.js";
import { observedText, requestText } from "./evidence-text.js";
import { ms, pct, prob } from "../render-kit/format.js";

export type DestinationEvidence = CircuitBreakingEvidence | OutlierDetectionEvidence | DisruptionEvidence;

/** The most successes a conforming pool allows, and why (absent in reports before the bound). */
export function poolBoundText(e: CircuitBreakingEvidence): string | undefined {
  const b = e.burst;
  if (b.admits === undefined) return undefined;
  const finished = b.finishedDuringBurst ?? 0;
  return `at most ${b.admits} may succeed: ${e.maxActive} active + ${e.maxPending} pending + ${finished} a slot could finish while the burst took ${ms(b.spreadMs ?? 0)} to send (fastest success ${b.fastestSuccessMs === undefined ? "—" : ms(b.fastestSuccessMs)}, a slot held at least half of it)${e.maxBurst !== undefined ? `; bursts capped at ${e.maxBurst}` : ""}`;
}

export function circuitBreakingLines(e: CircuitBreakingEvidence): string[] {
  const b = e.burst;
  const bound = poolBoundText(e);
  return [
    ...e.controls.map((r) => `control: ${requestText(r)}`),
    `pool: ${e.maxActive} active + ${e.maxPending} pending`,
    `burst: ${b.sent} at once to ${b.path}: ${b.succeeded} succeeded, ${b.overflowed} overflowed${Object.keys(b.other).length > 0 ? `, other: ${observedText(b.other)}` : ""}`,
    ...(bound !== undefined ? [`bound: ${bound}`] : []),
    ...(b.overflowSample !== undefined ? [`overflow answer: ${b.overflowSample}`] : []),
  ];
}

/** The sequential test after the ejection, in one line. */
export function ejectionTestText(a: OutlierDetectionEvidence["afterEjection"]): string {
  const h1 = a.p1 === undefined || a.p1 === 0 ? "none" : `at most ${pct(a.p1)}`;
  return `SPRT ${a.state}: H0 fail share ${pct(a.p0)} vs H1 ${h1}, α=${prob(a.alpha)} β=${prob(a.beta)}`;
}

/** The exact binomial test of the disruption's losses (absent in older reports). */
export function budgetTestText(e: DisruptionEvidence): string | undefined {
  const b = e.budgetTest;
  if (!b) return undefined;
  return `exact binomial against ${pct(b.budget)}: P(≥ ${b.failed} lost) = ${prob(b.pAbove)} (fail at ≤ α=${prob(b.alpha)}), P(≤ ${b.failed} lost) = ${prob(b.pBelow)} (pass at ≤ β=${prob(b.beta)}); loss rate ≤ ${pct(b.upperBound)} at β; planned ${b.planned} requests → ${b.verdict}`;
}

export function outlierDetectionLines(e: OutlierDetectionEvidence): string[] {
  const a = e.afterEjection;
  return [
    `settings: ${e.consecutiveErrors} consecutive 5xx, interval ${ms(e.intervalMs)}, base ejection ${ms(e.baseEjectionTimeMs)}, max ejection ${e.maxEjectionPercent}%; failing: ${e.failing.join(", ")}`,
    `warm-up: ${e.warmup.requests} requests in ${ms(e.warmup.elapsedMs)} (${observedText(e.warmup.observed)})${e.warmup.reached ? "" : " — the failing endpoints never failed enough in a row"}`,
    `after the ejection: ${a.requests} requests answered within ${ms(a.windowMs)} of the last warm-up send${a.late ? ` (${a.late} answered later, not counted)` : ""}, ${a.failures} failed (${observedText(a.observed)}); ${ejectionTestText(a)}`,
  ];
}

export function disruptionLines(e: DisruptionEvidence): string[] {
  const r = e.restart;
  const at = (v: number | undefined) => (v === undefined ? "—" : `+${ms(v)}`);
  return [
    `traffic: ${e.requests} requests at ${e.ratePerSec}/s${e.profileRatePerSec !== undefined && e.profileRatePerSec !== e.ratePerSec ? ` (the profile's ${e.profileRatePerSec}/s, raised so the window holds the requests the budget test needs)` : ""}, ${e.failed} failed (${pct(e.errorRate)}), budget ${pct(e.budget)}`,
    ...(budgetTestText(e) !== undefined ? [budgetTestText(e)!] : []),
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
