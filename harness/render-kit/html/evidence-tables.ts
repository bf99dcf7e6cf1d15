// Evidence tables for every non-proportion check kind: routing cases, request records (mTLS
// and authz), and the traffic/latency summary every check has.

import type { Convergence, RequestRecord, RoutingCase } from "../../check-kit/records.js";
import type { TrafficSummary } from "../../report/types.js";
import { escapeHtml as h } from "../escape.js";
import { headersText, observedText } from "../../render/evidence-text.js";
import { ms } from "../format.js";
import { okMark } from "./badges.js";

export function routingCasesTable(cases: RoutingCase[]): string {
  const rows = cases.map(
    (c) => `<tr><td>${okMark(c.ok)}</td><td class="wrap">${h(c.name)}</td><td class="mono wrap">${h(headersText(c.headers))}</td><td class="mono">${h(c.expected)}</td><td class="mono wrap">${h(observedText(c.observed))}</td><td class="num">${c.sent}</td></tr>`,
  );
  return `<table class="routing-cases"><thead><tr><th></th><th>Case</th><th>Headers</th><th>Expected</th><th>Observed</th><th class="num">Sent</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function requestRecordsTable(caption: string, records: RequestRecord[]): string {
  if (records.length === 0) return "";
  const rows = records.map(
    (r) => `<tr><td>${okMark(r.ok)}</td><td>${h(r.vantage)}</td><td class="mono">${h(r.method)}</td><td class="mono wrap">${h(r.url)}</td><td class="wrap">${h(r.expect)}</td><td class="mono wrap">${h(r.observed)}</td><td class="mono wrap">${h(r.caller ?? "")}</td><td class="mono wrap">${h(r.body ?? "")}</td></tr>`,
  );
  return `<h4>${h(caption)}</h4>
<table class="requests"><thead><tr><th></th><th>Vantage</th><th>Method</th><th>URL</th><th>Expected</th><th>Observed</th><th>Caller seen</th><th>Body</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function convergenceLine(c: Convergence | undefined): string {
  if (!c) return "";
  const what = c.converged ? "Converged" : "Did not converge";
  return `<p class="muted">${what} after ${c.attempts} attempts (${ms(c.elapsedMs)})${c.last !== undefined ? `; last attempt saw <code>${h(c.last)}</code>` : ""}.</p>`;
}

function countsText(counts: Record<string, number | undefined>): string {
  const parts = Object.entries(counts).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}×${v}`);
  return parts.length > 0 ? parts.join(", ") : "—";
}

export function trafficTable(t: TrafficSummary): string {
  const l = t.latency;
  return `<table class="traffic"><thead><tr><th class="num">Requests</th><th class="num">Responses</th><th class="num">Errors</th><th>By destination</th><th>By status</th><th>By error</th><th class="num">p50</th><th class="num">p90</th><th class="num">p99</th><th class="num">max</th></tr></thead>
<tbody><tr><td class="num">${t.requests}</td><td class="num">${t.responses}</td><td class="num">${t.errors}</td><td class="mono wrap">${h(countsText(t.byDestination))}</td><td class="mono wrap">${h(countsText(t.byStatus))}</td><td class="mono wrap">${h(countsText(t.byError))}</td><td class="num">${ms(l.p50Ms)}</td><td class="num">${ms(l.p90Ms)}</td><td class="num">${ms(l.p99Ms)}</td><td class="num">${ms(l.maxMs)}</td></tr></tbody></table>`;
}
