// HTML evidence of the circuit-breaking, outlier-detection and disruption checks: the control
// requests, the burst's split, the ejection test, and the disruption's timeline with the restart
// window marked.
import type { CircuitBreakingEvidence, DisruptionEvidence, OutlierDetectionEvidence } from "../../features/circuit-breaking/evidence.js";
import { budgetTestText, ejectionTestText, poolBoundText, type DestinationEvidence } from "../destination-text.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { observedText } from "../evidence-text.js";
import { ms, pct } from "../../render-kit/format.js";
import { okMark } from "../../render-kit/html/badges.js";
import { requestRecordsTable } from "../../render-kit/html/evidence-tables.js";

function facts(rows: [string, string][]): string {
  return `<table class="facts"><tbody>
${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td class="mono wrap">${h(v)}</td></tr>`).join("\n")}
</tbody></table>`;
}

function circuitBreakingHtml(e: CircuitBreakingEvidence): string {
  const b = e.burst;
  return requestRecordsTable("Sequential requests (positive control)", e.controls) + `<h4>Burst</h4>` + facts([
    ["Pool", `${e.maxActive} active + ${e.maxPending} pending`],
    ["Sent at once", `${b.sent} × ${b.path}`],
    ["Succeeded", String(b.succeeded)],
    ["Overflowed (503, x-envoy-overloaded)", String(b.overflowed)],
    ["Bound on successes", poolBoundText(e) ?? "—"],
    ["Other answers", observedText(b.other)],
    ["Overflow answer", b.overflowSample ?? "—"],
  ]);
}

function outlierDetectionHtml(e: OutlierDetectionEvidence): string {
  const a = e.afterEjection;
  return facts([
    ["Settings", `${e.consecutiveErrors} consecutive 5xx · interval ${ms(e.intervalMs)} · base ejection ${ms(e.baseEjectionTimeMs)} · max ${e.maxEjectionPercent}%`],
    ["Failing endpoints", e.failing.join(", ")],
    ["Warm-up", `${e.warmup.requests} requests in ${ms(e.warmup.elapsedMs)}: ${observedText(e.warmup.observed)}${e.warmup.reached ? "" : " (never failed enough in a row)"}`],
    ["After the ejection", `${a.requests} requests answered within ${ms(a.windowMs)} of the last warm-up send${a.late ? ` (${a.late} later, not counted)` : ""}, ${a.failures} failed: ${observedText(a.observed)}`],
    ["Sequential test", ejectionTestText(a)],
  ]);
}

/** One bar per time slice (green ok, red failed), the restart window shaded. */
function timelineSvg(e: DisruptionEvidence): string {
  const bins = e.timeline;
  if (bins.length === 0) return "";
  const slice = bins.length > 1 ? bins[1]!.atMs - bins[0]!.atMs : 1;
  const peak = Math.max(1, ...bins.map((b) => b.ok + b.failed));
  const width = 12;
  const height = 60;
  const x = (tMs: number) => (tMs / slice) * width;
  const start = e.restart.startedAtMs;
  const end = e.restart.finishedAtMs ?? start;
  const bars = bins.map((b, i) => {
    const okH = (b.ok / peak) * height;
    const badH = (b.failed / peak) * height;
    return `<rect x="${i * width}" y="${height - okH}" width="${width - 2}" height="${okH}" fill="#2e7d32"><title>+${h(ms(b.atMs))}: ${b.ok} ok, ${b.failed} failed</title></rect>` +
      (badH > 0 ? `<rect x="${i * width}" y="${height - okH - badH}" width="${width - 2}" height="${badH}" fill="#c62828"/>` : "");
  });
  const total = bins.length * width;
  return `<svg class="timeline" role="img" aria-label="requests per ${h(ms(slice))}, restart shaded" width="${total}" height="${height + 4}" viewBox="0 0 ${total} ${height + 4}">
<rect x="${x(start)}" y="0" width="${Math.max(2, x(end) - x(start))}" height="${height}" fill="#ffb300" opacity="0.3"><title>restart +${h(ms(start))} … +${h(ms(end))}</title></rect>
${bars.join("\n")}
</svg>`;
}

function disruptionHtml(e: DisruptionEvidence): string {
  const at = (v: number | undefined) => (v === undefined ? "—" : `+${ms(v)}`);
  return facts([
    ["Traffic", `${e.requests} requests at ${e.ratePerSec}/s${e.profileRatePerSec !== undefined && e.profileRatePerSec !== e.ratePerSec ? ` (profile: ${e.profileRatePerSec}/s, raised for the budget test)` : ""}`],
    ["Failed", `${e.failed} (${pct(e.errorRate)}) — budget ${pct(e.budget)}${Object.keys(e.failures).length > 0 ? `: ${observedText(e.failures)}` : ""}`],
    ["Budget test", budgetTestText(e) ?? "—"],
    ["Restart", `${e.restart.how}: asked ${at(e.restart.startedAtMs)}, done ${at(e.restart.finishedAtMs)} — ${e.restart.detail}`],
    ["Failures", `first ${at(e.firstFailureAtMs)}, last ${at(e.lastFailureAtMs)}`],
    ["Recovery", e.recoveryMs === undefined ? "never" : `${ms(e.recoveryMs)} after the restart began`],
    ["Pods before → after", `${e.podsBefore.join(", ") || "—"} → ${e.podsAfter.join(", ") || "—"}`],
  ]) + `<h4>Timeline ${okMark(e.restart.ok)}</h4>` + timelineSvg(e);
}

export function destinationEvidenceHtml(e: DestinationEvidence): string {
  switch (e.kind) {
    case "circuit-breaking":
      return circuitBreakingHtml(e);
    case "outlier-detection":
      return outlierDetectionHtml(e);
    case "disruption":
      return disruptionHtml(e);
  }
}
