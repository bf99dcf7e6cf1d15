// Latency of one check over runs: p50 and p99 as two lines, the run number on x. A check whose
// tail is creeping up over nights shows here before it breaks a timeout.

import type { HistoryEntry } from "../../history/entry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms } from "../../render-kit/format.js";
import { seriesColor } from "../../render-kit/labels.js";
import { linear, n } from "../../render-kit/html/svg.js";

const WIDTH = 760;
const HEIGHT = 220;
const M = { left: 64, right: 110, top: 14, bottom: 40 };

/** A round upper bound for the y axis: 1, 2 or 5 × 10^k at or above `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((f) => f * p).find((v) => v >= max) ?? 10 * p);
}

/** `runNumber(k)`: the run's number as the runs table shows it (entries may skip runs made with faults). */
export function latencyTrendSvg(entries: HistoryEntry[], checkId: string, runNumber: (k: number) => number): string {
  const points = entries.flatMap((e, k) => (e.latency[checkId] ? [{ k, e, l: e.latency[checkId] }] : []));
  const top = niceMax(Math.max(0, ...points.map((p) => p.l.p99Ms)));
  const x = linear([0, Math.max(1, entries.length - 1)], [M.left + 10, WIDTH - M.right - 10]);
  const y = linear([0, top], [HEIGHT - M.bottom, M.top]);
  const x0 = M.left;
  const x1 = WIDTH - M.right;
  const series = (["p50Ms", "p99Ms"] as const).map((key, i) => {
    const color = seriesColor(i);
    const name = key === "p50Ms" ? "p50" : "p99";
    const line = points.length > 1 ? `<polyline points="${points.map((p) => `${n(x(p.k))},${n(y(p.l[key]))}`).join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>` : "";
    const dots = points.map((p) => `<circle cx="${n(x(p.k))}" cy="${n(y(p.l[key]))}" r="3" fill="${color}"><title>${h(`${name} ${ms(p.l[key])} in run #${runNumber(p.k)} ${p.e.runId}`)}</title></circle>`);
    const last = points.at(-1);
    const label = last ? `<text class="trend-label" x="${n(x1 + 8)}" y="${n(y(last.l[key]) + (i === 0 ? 12 : -4))}" fill="${color}" font-weight="600">${h(`${name} ${ms(last.l[key])}`)}</text>` : "";
    return `<g class="latency-line" data-percentile="${name}">${line}${dots.join("")}${label}</g>`;
  });
  const yTicks = [0, 0.5, 1].map((t) => `<line x1="${n(x0 - 5)}" x2="${n(x0)}" y1="${n(y(t * top))}" y2="${n(y(t * top))}"/><text class="small" x="${n(x0 - 8)}" y="${n(y(t * top) + 4)}" text-anchor="end">${h(ms(t * top))}</text>`);
  const every = Math.max(1, Math.ceil(entries.length / 12));
  const xTicks = entries.map((_, k) => (k % every === 0 || k === entries.length - 1 ? `<text class="small" x="${n(x(k))}" y="${n(y(0) + 16)}" text-anchor="middle">#${runNumber(k)}</text>` : ""));
  return `<svg class="chart latency-trend" role="img" aria-label="${h(`Latency of ${checkId} over runs`)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
${series.join("\n")}
<g class="axis"><line x1="${n(x0)}" x2="${n(x0)}" y1="${n(y(0))}" y2="${n(y(top))}"/><line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(0))}" y2="${n(y(0))}"/>${yTicks.join("")}${xTicks.join("")}</g>
<text class="small" x="${n((x0 + x1) / 2)}" y="${HEIGHT - 6}" text-anchor="middle">run (oldest → newest)</text>
<text class="small" transform="translate(14 ${n((M.top + HEIGHT - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">latency</text>
</svg>`;
}
