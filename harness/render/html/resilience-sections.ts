// HTML evidence of the VirtualService resilience checks: the timed requests of route-timeout,
// the success rate against its minimum for retries, and one share panel per injected fault
// (the canary's bars and running-share chart, since it is the same proportion test).

import type { CheckEvidence, TimedRequestRecord } from "../../check-kit/records.js";
import type { CheckResult } from "../../report/types.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { observedText } from "../evidence-text.js";
import { ci, pct, points, prob } from "../../render-kit/format.js";
import { okMark, statusBadge } from "../../render-kit/html/badges.js";
import { canarySection } from "../../render-kit/html/proportion-section.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";
import { separationText, slownessText } from "../resilience-text.js";

type Of<K extends CheckEvidence["kind"]> = Extract<CheckEvidence, { kind: K }>;

function timedTable(caption: string, records: TimedRequestRecord[]): string {
  if (records.length === 0) return "";
  const rows = records.map(
    (r) => `<tr><td>${okMark(r.ok)}</td><td>${h(r.vantage)}</td><td class="mono wrap">${h(r.url)}</td><td class="wrap">${h(r.expect)}</td><td class="mono wrap">${h(r.observed)}</td><td class="num latency">${r.latencyMs} ms</td><td class="mono wrap">${h(r.body ?? "")}</td></tr>`,
  );
  return `<h4>${h(caption)}</h4>
<table class="timed-requests"><thead><tr><th></th><th>Vantage</th><th>URL</th><th>Expected</th><th>Observed</th><th class="num">Latency</th><th>Body</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function timeoutSection(e: Of<"timeout">): string {
  const slowness = slownessText(e);
  return `${convergenceLine(e.convergence)}<p>Route timeout <b>${e.timeoutMs} ms</b>: a slower request must get <code>504 upstream request timeout</code> after <b class="bounds">${e.boundsMs[0]}–${e.boundsMs[1]} ms</b>.${slowness !== undefined ? ` <span class="slowness">${h(slowness)}</span>` : ""}</p>
${timedTable("Positive control (answers within the timeout)", [e.control])}
${timedTable("Requests slower than the timeout", e.slow)}`;
}

export function retriesSection(c: CheckResult, e: Of<"retries">): string {
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

export function faultInjectionSection(c: CheckResult, e: Of<"fault-injection">): string {
  const panel = (title: string, s: Of<"fault-injection">["abort"]) =>
    s ? `<h4>${h(title)}: <span class="mono">${h(s.rule)}</span></h4>\n${canarySection(c, s.proportion, {})}` : "";
  const unexpected = Object.keys(e.unexpected).length > 0 ? `<p class="bad">Neither an answer from the app nor the injected abort: <code>${h(observedText(e.unexpected))}</code></p>` : "";
  const separation = separationText(e.delay?.separation);
  const sep = separation !== undefined ? `<p class="separation${e.delay?.separation?.separated ? "" : " bad"}">${h(separation)}</p>` : "";
  return `${convergenceLine(e.convergence)}${unexpected}${panel("Aborted requests", e.abort)}${panel("Delayed requests", e.delay)}${sep}`;
}
