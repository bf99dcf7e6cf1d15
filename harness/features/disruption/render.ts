// disruption's evidence as text and HTML: the traffic, the budget test, the restart's moments
// and the timeline with the restart window marked.
import type { DisruptionEvidence } from "./evidence.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms, pct, prob } from "../../render-kit/format.js";
import { observedText } from "../../render-kit/text.js";
import { okMark } from "../../render-kit/html/badges.js";
import { factsTable } from "../../render-kit/html/evidence-tables.js";

/** The exact binomial test of the disruption's losses (absent in older reports). */
export function budgetTestText(e: DisruptionEvidence): string | undefined {
  const b = e.budgetTest;
  if (!b) return undefined;
  return `exact binomial against ${pct(b.budget)}: P(≥ ${b.failed} lost) = ${prob(b.pAbove)} (fail at ≤ α=${prob(b.alpha)}), P(≤ ${b.failed} lost) = ${prob(b.pBelow)} (pass at ≤ β=${prob(b.beta)}); loss rate ≤ ${pct(b.upperBound)} at β; planned ${b.planned} requests → ${b.verdict}`;
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

export function disruptionHtml(e: DisruptionEvidence): string {
  const at = (v: number | undefined) => (v === undefined ? "—" : `+${ms(v)}`);
  return factsTable([
    ["Traffic", `${e.requests} requests at ${e.ratePerSec}/s${e.profileRatePerSec !== undefined && e.profileRatePerSec !== e.ratePerSec ? ` (profile: ${e.profileRatePerSec}/s, raised for the budget test)` : ""}`],
    ["Failed", `${e.failed} (${pct(e.errorRate)}) — budget ${pct(e.budget)}${Object.keys(e.failures).length > 0 ? `: ${observedText(e.failures)}` : ""}`],
    ["Budget test", budgetTestText(e) ?? "—"],
    ["Restart", `${e.restart.how}: asked ${at(e.restart.startedAtMs)}, done ${at(e.restart.finishedAtMs)} — ${e.restart.detail}`],
    ["Failures", `first ${at(e.firstFailureAtMs)}, last ${at(e.lastFailureAtMs)}`],
    ["Recovery", e.recoveryMs === undefined ? "never" : `${ms(e.recoveryMs)} after the restart began`],
    ["Pods before → after", `${e.podsBefore.join(", ") || "—"} → ${e.podsAfter.join(", ") || "—"}`],
  ]) + `<h4>Timeline ${okMark(e.restart.ok)}</h4>` + timelineSvg(e);
}
