// One canary check: the verdict with its statistical terms, the share bars, the running
// share chart and the per-destination numbers.

import type { CheckResult } from "../../report/types.js";
import type { ProportionEvidence } from "../../stats/index.js";
import { escapeHtml as h } from "../escape.js";
import { observedText } from "../evidence-text.js";
import { ci, pct, points, prob } from "../format.js";
import { statusBadge } from "./badges.js";
import { SHARE_BARS_LEGEND, shareBarsSvg } from "./share-bars.js";
import { shareTraceSvg } from "./share-trace.js";

function termsBox(status: CheckResult["status"], p: ProportionEvidence): string {
  return `<div class="terms">${statusBadge(status)} decided after <b class="requests-used">${p.requests}</b> of ${p.budget} budgeted requests with
<b>α = ${prob(p.alpha)}</b> (max chance to fail a conforming mesh), <b>β = ${prob(p.beta)}</b> (max chance to pass a share off by δ or more),
<b>δ = ${points(p.delta)}</b> (tolerance, absolute); anytime p-value ${prob(p.pValue)}.
<br>${h(p.reason)}<br><span class="muted">Method ${h(p.method)}; intervals are Wilson score intervals at ${points(p.destinations[0]?.ciLevel ?? 1 - p.alpha)}.</span></div>`;
}

function destinationsTable(p: ProportionEvidence): string {
  const rows = p.destinations.map((d) => {
    const band: [number, number] = [Math.max(0, d.expectedShare - p.delta), Math.min(1, d.expectedShare + p.delta)];
    return `<tr data-destination="${h(d.name)}"><td><b>${h(d.name)}</b></td><td class="num">${pct(d.share)}</td><td class="num">${d.observed}</td><td class="num">${ci(d.ci)}</td><td class="num">${points(d.expectedShare)}</td><td class="num">${ci(band)}</td></tr>`;
  });
  return `<table class="destinations"><thead><tr><th>Destination</th><th class="num">Observed share</th><th class="num">Answers</th><th class="num">Confidence interval</th><th class="num">Expected</th><th class="num">Tolerance band</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function canarySection(c: CheckResult, p: ProportionEvidence, nonAnswers: Record<string, number>): string {
  const non = Object.keys(nonAnswers).length > 0 ? `<p>Requests without an identified 2xx answer: <code>${h(observedText(nonAnswers))}</code></p>` : "";
  return `${termsBox(c.status, p)}
<h4>Observed share per destination</h4>
${SHARE_BARS_LEGEND}
${shareBarsSvg(p, `Observed share per destination for ${c.id}`)}
<h4>Running share against requests</h4>
${shareTraceSvg(p, `Running share against requests for ${c.id}`)}
${destinationsTable(p)}
${non}`;
}
