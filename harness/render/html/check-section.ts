// One section per check: its summary, the evidence its feature renders
// (../../features/<check>/render.ts, found by evidence kind), and the traffic every check has.

import type { CheckResult, TrafficSummary } from "../../report/types.js";
import { featureOfKind } from "../../features/registry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms } from "../../render-kit/format.js";
import { statusBadge } from "../../render-kit/html/badges.js";
import { anchor } from "./verdict-table.js";

function evidenceHtml(c: CheckResult): string {
  const e = c.evidence;
  if (e.kind === "error") return `<p class="bad">${h(e.message)}</p>`;
  return featureOfKind(e.kind).html(e, c);
}

function countsText(counts: Record<string, number | undefined>): string {
  const parts = Object.entries(counts).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}×${v}`);
  return parts.length > 0 ? parts.join(", ") : "—";
}

export function trafficTable(t: TrafficSummary): string {
  const l = t.latency;
  return `<table class="traffic"><thead><tr><th class="num">Requests sent</th><th class="num">Responses</th><th class="num">Errors</th><th>By destination</th><th>By status</th><th>By error</th><th class="num">p50</th><th class="num">p90</th><th class="num">p99</th><th class="num">max</th></tr></thead>
<tbody><tr><td class="num">${t.requests}</td><td class="num">${t.responses}</td><td class="num">${t.errors}</td><td class="mono wrap">${h(countsText(t.byDestination))}</td><td class="mono wrap">${h(countsText(t.byStatus))}</td><td class="mono wrap">${h(countsText(t.byError))}</td><td class="num">${ms(l.p50Ms)}</td><td class="num">${ms(l.p90Ms)}</td><td class="num">${ms(l.p99Ms)}</td><td class="num">${ms(l.maxMs)}</td></tr></tbody></table>`;
}

export function checkSection(c: CheckResult): string {
  return `<section class="check" id="${h(anchor(c.id))}" data-kind="${h(c.evidence.kind)}">
<h3><code>${h(c.id)}</code>${c.api ? ` <span class="api">${h(c.api)}</span>` : ""} ${statusBadge(c.status)}</h3>
<p>${h(c.description)}</p>
<p><b>${h(c.summary)}</b> <span class="muted">(${c.requests} requests sent, ${ms(c.durationMs)})</span></p>
${evidenceHtml(c)}
<h4>Traffic</h4>
${trafficTable(c.traffic)}
</section>`;
}
