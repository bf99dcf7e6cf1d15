// Share bars: per destination the observed share with its confidence interval, against the
// expected weight and the tolerance band (weight ± δ). The verdict is read off the same
// picture: a pass has every whisker inside its band, a fail has one whisker wholly outside.

import type { ProportionEvidence } from "../../stats/index.js";
import { escapeHtml as h } from "../escape.js";
import { ci, pct, points } from "../format.js";
import { seriesColor } from "../labels.js";
import { linear, n } from "./svg.js";

const WIDTH = 720;
const LEFT = 110;
const PLOT = 380;
const ROW = 46;
const TOP = 10;

export function shareBarsSvg(p: ProportionEvidence, title: string): string {
  const x = linear([0, 1], [LEFT, LEFT + PLOT]);
  const height = TOP + ROW * p.destinations.length + 34;
  const axisY = TOP + ROW * p.destinations.length + 4;
  const rows = p.destinations.map((d, i) => {
    const y = TOP + i * ROW;
    const mid = y + 16;
    const [lo, hi] = d.band;
    const color = seriesColor(i);
    const band = d.expectedShare === 0 ? "0 (must get nothing)" : `${points(d.expectedShare)} ± ${points(p.delta)}`;
    const finding = d.finding === "within" ? `within ${band}` : d.finding === "outside" ? `outside ${band}` : `undecided: interval crosses the edge of ${band}`;
    return `<g class="share-bar" data-destination="${h(d.name)}">
<title>${h(`${d.name}: observed ${pct(d.share)} (${d.observed} of ${p.requests}), ${points(d.ciLevel)} anytime-valid interval ${ci(d.ci)}; ${finding}`)}</title>
<text x="${LEFT - 10}" y="${n(mid + 4)}" text-anchor="end" font-weight="600">${h(d.name)}</text>
<rect class="track" x="${n(x(0))}" y="${n(mid - 12)}" width="${n(PLOT)}" height="24" fill="#f3f4f6"/>
<rect class="band" x="${n(x(lo))}" y="${n(mid - 12)}" width="${n(Math.max(1, x(hi) - x(lo)))}" height="24" fill="#009e73" fill-opacity="0.18"/>
<rect class="observed" x="${n(x(0))}" y="${n(mid - 6)}" width="${n(x(d.share) - x(0))}" height="12" fill="${color}"/>
<line class="ci" x1="${n(x(d.ci[0]))}" x2="${n(x(d.ci[1]))}" y1="${n(mid)}" y2="${n(mid)}" stroke="#1b1f24" stroke-width="2"/>
<line x1="${n(x(d.ci[0]))}" x2="${n(x(d.ci[0]))}" y1="${n(mid - 7)}" y2="${n(mid + 7)}" stroke="#1b1f24" stroke-width="2"/>
<line x1="${n(x(d.ci[1]))}" x2="${n(x(d.ci[1]))}" y1="${n(mid - 7)}" y2="${n(mid + 7)}" stroke="#1b1f24" stroke-width="2"/>
<line class="expected" x1="${n(x(d.expectedShare))}" x2="${n(x(d.expectedShare))}" y1="${n(mid - 15)}" y2="${n(mid + 15)}" stroke="#1b1f24" stroke-width="2" stroke-dasharray="4 3"/>
<text class="share-label" x="${LEFT + PLOT + 12}" y="${n(mid)}">${h(`${pct(d.share)} ${ci(d.ci)}`)}</text>
<text class="small" x="${LEFT + PLOT + 12}" y="${n(mid + 14)}" fill="${d.finding === "within" ? "#007a5a" : d.finding === "outside" ? "#b34700" : "#57606a"}">${h(finding)}</text>
</g>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (t) => `<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${axisY}" y2="${axisY + 5}"/><text class="small" x="${n(x(t))}" y="${axisY + 18}" text-anchor="middle">${pct(t).replace(".0%", "%")}</text>`,
  );
  return `<svg class="chart share-bars" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">
${rows.join("\n")}
<g class="axis"><line x1="${n(x(0))}" x2="${n(x(1))}" y1="${axisY}" y2="${axisY}"/>${ticks.join("")}</g>
</svg>`;
}

/** The legend that says how to read the bars (HTML, beside the SVG). */
export const SHARE_BARS_LEGEND = `<div class="legend"><span><i style="background:linear-gradient(90deg,#0072b2 50%,#e69f00 50%)"></i>observed share (one colour per destination)</span><span><i style="background:#1b1f24;height:2px"></i>confidence interval (anytime-valid, at the claim's level)</span><span><i style="background:rgba(0,158,115,.3)"></i>expected weight ± tolerance δ</span><span><i style="border-left:2px dashed #1b1f24;width:2px;border-radius:0"></i>expected weight</span></div>`;
