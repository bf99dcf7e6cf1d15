// Shares of one canary check over runs: one line per destination, the run index on x, with
// the latest expected weight ± δ as a band. A drifting canary shows as a line leaving its band.

import type { HistoryEntry } from "../../history/entry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { pct, points } from "../../render-kit/format.js";
import { seriesColor } from "../../render-kit/labels.js";
import { linear, n, spreadLabels } from "../../render-kit/html/svg.js";

const WIDTH = 760;
const HEIGHT = 280;
const M = { left: 56, right: 130, top: 14, bottom: 40 };

/** Destinations in order of first appearance across runs. */
function destinations(entries: HistoryEntry[], checkId: string): string[] {
  const seen: string[] = [];
  for (const e of entries) for (const d of Object.keys(e.canary[checkId]?.shares ?? {})) if (!seen.includes(d)) seen.push(d);
  return seen;
}

/** `runNumber(k)`: the run's number as the runs table shows it (entries may skip runs made with faults). */
export function trendChartSvg(entries: HistoryEntry[], checkId: string, runNumber: (k: number) => number = (k) => k + 1): string {
  const names = destinations(entries, checkId);
  const x = linear([0, Math.max(1, entries.length - 1)], [M.left + 10, WIDTH - M.right - 10]);
  const y = linear([0, 1], [HEIGHT - M.bottom, M.top]);
  const x0 = M.left;
  const x1 = WIDTH - M.right;
  const latest = [...entries].reverse().find((e) => e.canary[checkId])?.canary[checkId];

  const bands = latest
    ? names.map((d, i) => {
        const w = latest.expected[d];
        if (w === undefined) return "";
        const lo = Math.max(0, w - latest.delta);
        const hi = Math.min(1, w + latest.delta);
        return `<rect class="band" x="${n(x0)}" y="${n(y(hi))}" width="${n(x1 - x0)}" height="${n(y(lo) - y(hi))}" fill="${seriesColor(i)}" fill-opacity="0.12"/><line class="expected" x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(w))}" y2="${n(y(w))}" stroke="${seriesColor(i)}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
      })
    : [];

  const lastShares = names.map((d) => latest?.shares[d] ?? 0);
  const labelYs = spreadLabels(lastShares.map((s) => y(s) + 4), 15, M.top + 4, HEIGHT - M.bottom);
  const series = names.map((d, i) => {
    const color = seriesColor(i);
    const pts = entries.flatMap((e, k) => {
      const s = e.canary[checkId]?.shares[d];
      return s === undefined ? [] : [{ k, s, e }];
    });
    // Runs without this check break the line: draw one polyline per contiguous stretch.
    const stretches: Array<typeof pts> = [];
    for (const p of pts) {
      const cur = stretches[stretches.length - 1];
      const prev = cur?.[cur.length - 1];
      if (cur && prev && prev.k === p.k - 1) cur.push(p);
      else stretches.push([p]);
    }
    const lines = stretches.filter((s) => s.length > 1).map((s) => `<polyline points="${s.map((p) => `${n(x(p.k))},${n(y(p.s))}`).join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const dots = pts.map((p) => `<circle cx="${n(x(p.k))}" cy="${n(y(p.s))}" r="3.5" fill="${color}"><title>${h(`${d}: ${pct(p.s)} in run #${runNumber(p.k)} ${p.e.runId} (${p.e.time})`)}</title></circle>`);
    return `<g class="trend-line" data-destination="${h(d)}">${lines.join("")}${dots.join("")}<text class="trend-label" x="${n(x1 + 8)}" y="${n(labelYs[i] ?? 0)}" fill="${color}" font-weight="600">${h(`${d} ${pct(lastShares[i] ?? 0)}`)}</text></g>`;
  });

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<line x1="${n(x0 - 5)}" x2="${n(x0)}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="small" x="${n(x0 - 8)}" y="${n(y(t) + 4)}" text-anchor="end">${Math.round(t * 100)}%</text>`);
  const grid = [0.25, 0.5, 0.75, 1].map((t) => `<line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(t))}" y2="${n(y(t))}"/>`);
  const every = Math.max(1, Math.ceil(entries.length / 12));
  const xTicks = entries.map((_, k) => (k % every === 0 || k === entries.length - 1 ? `<text class="small" x="${n(x(k))}" y="${n(y(0) + 16)}" text-anchor="middle">#${runNumber(k)}</text>` : ""));
  const note = latest ? `expected ± ${points(latest.delta)} (latest run)` : "";
  return `<svg class="chart trend" role="img" aria-label="${h(`Shares of ${checkId} over runs`)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<g class="grid">${grid.join("")}</g>
${bands.join("\n")}
${series.join("\n")}
<g class="axis"><line x1="${n(x0)}" x2="${n(x0)}" y1="${n(y(0))}" y2="${n(y(1))}"/><line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(0))}" y2="${n(y(0))}"/>${yTicks.join("")}${xTicks.join("")}</g>
<text class="small" x="${n((x0 + x1) / 2)}" y="${HEIGHT - 6}" text-anchor="middle">run (oldest → newest); bands: ${h(note)}</text>
<text class="small" transform="translate(14 ${n((M.top + HEIGHT - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">observed share</text>
</svg>`;
}
