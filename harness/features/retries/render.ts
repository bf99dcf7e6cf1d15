// retries' evidence as text and HTML: the success rate against its minimum, with the terms
// the verdict was reached under.
import type { RetriesEvidence } from "./evidence.js";
import type { MinimumRateEvidence } from "../../stats/index.js";
import type { RenderedCheck } from "../../render-kit/rendered-check.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ci, pct, points, prob } from "../../render-kit/format.js";
import { observedText } from "../../render-kit/text.js";
import { statusBadge } from "../../render-kit/html/badges.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";

export function minimumRateLines(r: MinimumRateEvidence): string[] {
  return [
    `success rate ${pct(r.rate)} (${r.successes}/${r.requests}), ${points(r.ciLevel)} CI ${ci(r.ci)}; ${points(r.minimumRate)} expected, pass band ${ci(r.band)} (at least the expected rate − δ): ${r.finding}`,
    `α=${prob(r.alpha)} β=${prob(r.beta)} δ=${points(r.delta)}; ${r.requests} of ${r.budget} budgeted requests${r.requestsNeeded !== undefined ? `; a decision needs about ${r.requestsNeeded}` : ""}; p=${prob(r.pValue)} (${r.method})`,
    `reason: ${r.reason}`,
  ];
}

export function retriesLines(e: RetriesEvidence): string[] {
  const lines = [`${e.attempts} retries on ${e.retryOn}; the upstream fails ${points(e.failRatio)} of tries`, ...minimumRateLines(e.rate)];
  if (Object.keys(e.failures).length > 0) lines.push(`failed requests: ${observedText(e.failures)}`);
  return lines;
}

export function retriesSection(e: RetriesEvidence, c: RenderedCheck): string {
  const r = e.rate;
  const failures = Object.keys(e.failures).length > 0 ? `<p>Failed requests: <code>${h(observedText(e.failures))}</code></p>` : "";
  return `${convergenceLine(e.convergence)}<div class="terms">${statusBadge(c.status)} <b>${e.attempts}</b> retries on <code>${h(e.retryOn)}</code>, upstream failing <b>${points(e.failRatio)}</b> of tries:
success rate expected 1 − ${e.failRatio}<sup>${e.attempts + 1}</sup> = <b>${points(r.minimumRate)}</b>; with <b>tolerance δ = ${points(r.delta)}</b> a rate of at least <b>${points(r.band[0])}</b> conforms.
Decided after <b class="requests-used">${r.requests}</b> of ${r.budget} budgeted requests: <b>pass</b> claims the rate is at least ${points(r.band[0])} (wrong with probability ≤ β = ${prob(r.beta)}), <b>fail</b> claims it is below (wrong with probability ≤ α = ${prob(r.alpha)}), both anytime-valid.
<br>${h(r.reason)}<br><span class="muted">Method ${h(r.method)}; anytime-valid confidence interval at ${points(r.ciLevel)}; anytime p-value for "at least ${points(r.band[0])}" ${prob(r.pValue)}.</span></div>
<table class="success-rate"><thead><tr><th class="num">Success rate</th><th class="num">Successes</th><th class="num">Requests</th><th class="num">Confidence interval</th><th class="num">Expected</th><th class="num">Pass band</th><th>Finding</th></tr></thead>
<tbody><tr><td class="num">${pct(r.rate)}</td><td class="num">${r.successes}</td><td class="num">${r.requests}</td><td class="num">${ci(r.ci)}</td><td class="num">${points(r.minimumRate)}</td><td class="num">${ci(r.band)}</td><td>${r.finding}</td></tr></tbody></table>
${failures}`;
}
