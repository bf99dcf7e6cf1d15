// The running share against the number of requests (log scale), from the proportion
// evidence's trace: how the shares and their pass-claim (1 − β) intervals narrowed, and
// against which band. A pass ends with every interval inside its band.

import type { ProportionEvidence } from "../../stats/index.js";
import { escapeHtml as h } from "../escape.js";
import { pct, points } from "../format.js";
import { seriesColor } from "../labels.js";
import { linear, log10Scale, logTicks, n, spreadLabels } from "./svg.js";

const WIDTH = 720;
const HEIGHT = 300;
const M = { left: 56, right: 130, top: 14, bottom: 46 };

export function shareTraceSvg(p: ProportionEvidence, title: string): string {
  const trace = p.trace ?? [];
  if (trace.length === 0) return `<p class="muted">No running-share trace was recorded for this check.</p>`;
  const maxN = Math.max(...trace.map((t) => t.requests));
  const x = log10Scale(maxN, [M.left, WIDTH - M.right]);
  const y = linear([0, 1], [HEIGHT - M.bottom, M.top]);
  const x0 = M.left;
  const x1 = WIDTH - M.right;

  const bands = p.destinations.map((d, i) => {
    const [lo, hi] = d.band;
    const color = seriesColor(i);
    return `<rect class="band" x="${n(x0)}" y="${n(y(hi))}" width="${n(x1 - x0)}" height="${n(y(lo) - y(hi))}" fill="${color}" fill-opacity="0.12"/>
<line class="expected" x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(d.expectedShare))}" y2="${n(y(d.expectedShare))}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
  });

  const finals = p.destinations.map((d) => trace[trace.length - 1]?.shares[d.name] ?? 0);
  const labelYs = spreadLabels(finals.map((s) => y(s) + 4), 15, M.top + 4, HEIGHT - M.bottom);
  const lines = p.destinations.map((d, i) => {
    const pts = trace.map((t) => `${n(x(t.requests))},${n(y(t.shares[d.name] ?? 0))}`).join(" ");
    const color = seriesColor(i);
    const withInterval = trace.filter((t) => t.intervals?.[d.name] !== undefined);
    const upper = withInterval.map((t) => `${n(x(t.requests))},${n(y(t.intervals?.[d.name]?.[1] ?? 0))}`);
    const lower = withInterval.map((t) => `${n(x(t.requests))},${n(y(t.intervals?.[d.name]?.[0] ?? 0))}`).reverse();
    const envelope = withInterval.length > 1 ? `<polygon class="interval" points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-opacity="0.5" stroke-width="0.5"/>\n` : "";
    const last = finals[i] ?? 0;
    return `<g class="share-line" data-destination="${h(d.name)}">
${envelope}<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"/>
<text class="trace-label" x="${n(x1 + 8)}" y="${n(labelYs[i] ?? 0)}" fill="${color}" font-weight="600">${h(`${d.name} ${pct(last)}`)}</text>
</g>`;
  });

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (t) => `<line x1="${n(x0 - 5)}" x2="${n(x0)}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="small" x="${n(x0 - 8)}" y="${n(y(t) + 4)}" text-anchor="end">${Math.round(t * 100)}%</text>`,
  );
  const grid = [0.25, 0.5, 0.75, 1].map((t) => `<line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(t))}" y2="${n(y(t))}"/>`);
  const xTicks = logTicks(maxN).map(
    (t) => `<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(y(0))}" y2="${n(y(0) + 5)}"/><text class="small" x="${n(x(t))}" y="${n(y(0) + 18)}" text-anchor="middle">${t}</text>`,
  );
  return `<svg class="chart share-trace" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<g class="grid">${grid.join("")}</g>
${bands.join("\n")}
${lines.join("\n")}
<g class="axis"><line x1="${n(x0)}" x2="${n(x0)}" y1="${n(y(0))}" y2="${n(y(1))}"/><line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(0))}" y2="${n(y(0))}"/>${yTicks.join("")}${xTicks.join("")}</g>
<text class="small" x="${n((x0 + x1) / 2)}" y="${HEIGHT - 8}" text-anchor="middle">requests (log scale)</text>
<text class="small" x="${n(x0 + 4)}" y="${n(M.top + 10)}">band: weight ± δ (dashed: weight); shaded: the share's ${points(1 - p.beta)} anytime-valid interval</text>
<text class="small" transform="translate(14 ${n((M.top + HEIGHT - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">running share</text>
</svg>`;
}
