// outlier-detection's evidence as text and HTML: the settings, the warm-up and the sequential
// test after the ejection.
import type { OutlierDetectionEvidence } from "./evidence.js";
import { ms, pct, prob } from "../../render-kit/format.js";
import { observedText } from "../../render-kit/text.js";
import { factsTable } from "../../render-kit/html/evidence-tables.js";

/** The sequential test after the ejection, in one line. */
export function ejectionTestText(a: OutlierDetectionEvidence["afterEjection"]): string {
  const h1 = a.p1 === undefined || a.p1 === 0 ? "none" : `at most ${pct(a.p1)}`;
  return `SPRT ${a.state}: H0 fail share ${pct(a.p0)} vs H1 ${h1}, α=${prob(a.alpha)} β=${prob(a.beta)}`;
}

export function outlierDetectionLines(e: OutlierDetectionEvidence): string[] {
  const a = e.afterEjection;
  return [
    `settings: ${e.consecutiveErrors} consecutive 5xx, interval ${ms(e.intervalMs)}, base ejection ${ms(e.baseEjectionTimeMs)}, max ejection ${e.maxEjectionPercent}%; failing: ${e.failing.join(", ")}`,
    `warm-up: ${e.warmup.requests} requests in ${ms(e.warmup.elapsedMs)} (${observedText(e.warmup.observed)})${e.warmup.reached ? "" : " — the failing endpoints never failed enough in a row"}`,
    `after the ejection: ${a.requests} requests answered within ${ms(a.windowMs)} of the last warm-up send${a.late ? ` (${a.late} answered later, not counted)` : ""}, ${a.failures} failed (${observedText(a.observed)}); ${ejectionTestText(a)}`,
  ];
}

export function outlierDetectionHtml(e: OutlierDetectionEvidence): string {
  const a = e.afterEjection;
  return factsTable([
    ["Settings", `${e.consecutiveErrors} consecutive 5xx · interval ${ms(e.intervalMs)} · base ejection ${ms(e.baseEjectionTimeMs)} · max ${e.maxEjectionPercent}%`],
    ["Failing endpoints", e.failing.join(", ")],
    ["Warm-up", `${e.warmup.requests} requests in ${ms(e.warmup.elapsedMs)}: ${observedText(e.warmup.observed)}${e.warmup.reached ? "" : " (never failed enough in a row)"}`],
    ["After the ejection", `${a.requests} requests answered within ${ms(a.windowMs)} of the last warm-up send${a.late ? ` (${a.late} later, not counted)` : ""}, ${a.failures} failed: ${observedText(a.observed)}`],
    ["Sequential test", ejectionTestText(a)],
  ]);
}
