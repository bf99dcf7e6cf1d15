// The disruption timeline as SVG: requests per time slice (answered stacked under failed) on a
// time axis in seconds from the first request, the restart window shaded over them, a legend and the
// error budget written out, so the picture reads without the table beside it.
import type { DisruptionEvidence } from "./evidence.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms, pct } from "../../render-kit/format.js";
import { linear, n } from "../../render-kit/html/svg.js";

const OK = "#2e7d32";
const FAILED = "#c62828";
const RESTART = "#ffb300";
const LEFT = 44;
const PLOT_W = 620;
const TOP = 8;
const PLOT_H = 90;
const WIDTH = LEFT + PLOT_W + 16;

/** A tick step (1, 2 or 5 × 10^k seconds) giving at most about `most` ticks over `spanS`. */
export function tickStepSeconds(spanS: number, most = 8): number {
  const raw = Math.max(spanS, 1e-3) / most;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** "1.5 s" without float noise. */
function secs(v: number): string {
  return `${+v.toFixed(3)} s`;
}

/** The budget in words: how many of the requests sent the budget lets fail, and how many did. */
export function budgetWords(e: DisruptionEvidence): string {
  const allowed = Math.floor(e.budget * e.requests + 1e-9);
  return `budget ${pct(e.budget)}: at most ${allowed} of ${e.requests} may fail; ${e.failed} failed`;
}

export function timelineSvg(e: DisruptionEvidence): string {
  const bins = e.timeline;
  if (bins.length === 0) return "";
  const slice = bins.length > 1 ? bins[1]!.atMs - bins[0]!.atMs : 1000;
  const spanMs = bins[bins.length - 1]!.atMs + slice;
  const peak = Math.max(1, ...bins.map((b) => b.ok + b.failed));
  const x = linear([0, spanMs], [LEFT, LEFT + PLOT_W]);
  const y = linear([0, peak], [TOP + PLOT_H, TOP]);
  const barW = Math.max(1, x(slice) - x(0) - 1);
  const start = e.restart.startedAtMs;
  const end = e.restart.finishedAtMs ?? start;
  const bars = bins.map((b) => {
    const okTop = y(b.ok);
    const badTop = y(b.ok + b.failed);
    const tip = `<title>+${h(ms(b.atMs))}: ${b.ok} answered, ${b.failed} failed</title>`;
    return `<g class="slice"><rect class="answered" x="${n(x(b.atMs))}" y="${n(okTop)}" width="${n(barW)}" height="${n(TOP + PLOT_H - okTop)}" fill="${OK}">${tip}</rect>` +
      (b.failed > 0 ? `<rect class="failed" x="${n(x(b.atMs))}" y="${n(badTop)}" width="${n(barW)}" height="${n(okTop - badTop)}" fill="${FAILED}">${tip}</rect>` : "") + `</g>`;
  });
  const axisY = TOP + PLOT_H;
  const step = tickStepSeconds(spanMs / 1000);
  const xTicks: string[] = [];
  for (let k = 0; k * step * 1000 <= spanMs + 1e-6; k++) {
    const t = k * step;
    xTicks.push(`<line x1="${n(x(t * 1000))}" x2="${n(x(t * 1000))}" y1="${axisY}" y2="${axisY + 4}" stroke="#57606a"/><text class="small tick" x="${n(x(t * 1000))}" y="${axisY + 16}" text-anchor="middle">${secs(t)}</text>`);
  }
  const yTicks = [0, peak].map((v) => `<text class="small tick" x="${LEFT - 6}" y="${n(y(v) + 4)}" text-anchor="end">${v}</text>`);
  const legendY = axisY + 48;
  const swatch = (i: number, color: string, label: string) =>
    `<rect x="${LEFT + i * 150}" y="${legendY - 9}" width="12" height="10" fill="${color}"/><text class="small" x="${LEFT + i * 150 + 16}" y="${legendY}">${h(label)}</text>`;
  const pods = `pods before ${e.podsBefore.join(", ") || "—"} → after ${e.podsAfter.join(", ") || "—"}`;
  const height = legendY + 46;
  return `<svg class="timeline chart" role="img" aria-label="requests per ${h(ms(slice))} slice over time, restart shaded" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
${bars.join("\n")}
<rect class="restart" x="${n(x(start))}" y="${TOP}" width="${n(Math.max(2, x(end) - x(start)))}" height="${PLOT_H}" fill="${RESTART}" fill-opacity="0.15" stroke="#b26a00" stroke-width="2" stroke-dasharray="5 3"><title>restart +${h(ms(start))} … +${h(ms(end))}</title></rect>
<g class="axis x-axis"><line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${axisY}" y2="${axisY}" stroke="#57606a"/>${xTicks.join("")}<text class="small axis-title" x="${LEFT + PLOT_W}" y="${axisY + 30}" text-anchor="end">seconds from the first request (slices of ${h(ms(slice))})</text></g>
<g class="axis y-axis"><line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${axisY}" stroke="#57606a"/>${yTicks.join("")}<text class="small axis-title" x="4" y="${TOP + PLOT_H / 2 + 4}">req</text></g>
<g class="legend">${swatch(0, OK, "answered")}${swatch(1, FAILED, "failed")}<rect x="${LEFT + 300}" y="${legendY - 9}" width="12" height="10" fill="${RESTART}" fill-opacity="0.15" stroke="#b26a00" stroke-dasharray="3 2"/><text class="small" x="${LEFT + 316}" y="${legendY}">restart (asked → done)</text><text class="small pods" x="${LEFT}" y="${legendY + 18}">${h(pods)}</text></g>
<text class="budget" x="${LEFT}" y="${legendY + 38}">${h(budgetWords(e))}</text>
</svg>`;
}
