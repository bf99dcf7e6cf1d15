// One proportion test (the canary's shares, and each injected fault's): the verdict with the
// claim it makes (the tolerance contract), the share bars, the running share chart and the
// per-destination numbers.

import type { RenderedCheck } from "../rendered-check.js";
import type { DestinationEvidence, ProportionEvidence } from "../../stats/index.js";
import { escapeHtml as h } from "../escape.js";
import { observedText } from "../text.js";
import { ci, pct, points, prob } from "../format.js";
import { statusBadge } from "./badges.js";
import { SHARE_BARS_LEGEND, shareBarsSvg } from "./share-bars.js";
import { shareTraceSvg } from "./share-trace.js";

/** What this run's verdict claims, or why it claims nothing. */
function claimText(status: RenderedCheck["status"]): string {
  if (status === "pass") return "This run claims every share is within its band.";
  if (status === "fail") return "This run claims a share is outside its band (or a destination that must get nothing answered).";
  return "This run could make neither claim within its budget.";
}

function termsBox(status: RenderedCheck["status"], p: ProportionEvidence): string {
  const needed = p.requestsNeeded !== undefined ? ` A decision would need about ${p.requestsNeeded} requests at the observed shares.` : "";
  return `<div class="terms">${statusBadge(status)} decided after <b class="requests-used">${p.requests}</b> of ${p.budget} budgeted requests.
Tolerance <b>δ = ${points(p.delta)}</b> (absolute): a share within its weight ± δ conforms. <b>pass</b> claims every share is within
(wrong with probability ≤ <b>β = ${prob(p.beta)}</b>); <b>fail</b> claims some share is outside (wrong with probability ≤ <b>α = ${prob(p.alpha)}</b>);
both bounds hold however long the test runs (anytime-valid). ${claimText(status)}${needed}
<br>${h(p.reason)}<br><span class="muted">Method ${h(p.method)}; intervals are anytime-valid confidence intervals at ${points(p.destinations[0]?.ciLevel ?? 1 - p.beta)}; anytime p-value for "every share within its band" ${prob(p.pValue)}.</span></div>
<p class="how-to-read">How to read this: a share conforms when its whole interval (black whisker) sits inside its green band (weight ± δ) and is off when the whole interval sits outside it; an interval across the band's edge decides nothing yet.</p>`;
}

const FINDING: Record<DestinationEvidence["finding"], string> = { within: "within band", outside: "outside band", undecided: "undecided" };

function destinationsTable(p: ProportionEvidence): string {
  const rows = p.destinations.map(
    (d) =>
      `<tr data-destination="${h(d.name)}"><td><b>${h(d.name)}</b></td><td class="num">${pct(d.share)}</td><td class="num">${d.observed}</td><td class="num">${ci(d.ci)}</td><td class="num">${points(d.expectedShare)}</td><td class="num">${ci(d.band)}</td><td>${FINDING[d.finding]}</td></tr>`,
  );
  return `<table class="destinations"><thead><tr><th>Destination</th><th class="num">Observed share</th><th class="num">Answers</th><th class="num">Confidence interval</th><th class="num">Expected</th><th class="num">Tolerance band</th><th>Finding</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function proportionSection(c: RenderedCheck, p: ProportionEvidence, nonAnswers: Record<string, number>): string {
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
