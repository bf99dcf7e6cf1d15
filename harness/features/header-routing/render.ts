// header-routing's evidence as text and HTML: one line (row) per generated case.
import type { RoutingCase, RoutingEvidence } from "./evidence.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { headersText, observedText } from "../../render-kit/text.js";
import { okMark } from "../../render-kit/html/badges.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";

export function routingCaseText(c: RoutingCase): string {
  return `${c.ok ? "ok  " : "BAD "} ${c.name} [${headersText(c.headers)}] expected ${c.expected}, got ${observedText(c.observed)} of ${c.sent}`;
}

export function routingText(e: RoutingEvidence): string[] {
  return e.cases.map(routingCaseText);
}

function routingCasesTable(cases: RoutingCase[]): string {
  const rows = cases.map(
    (c) => `<tr><td>${okMark(c.ok)}</td><td class="wrap">${h(c.name)}</td><td class="mono wrap">${h(headersText(c.headers))}</td><td class="mono">${h(c.expected)}</td><td class="mono wrap">${h(observedText(c.observed))}</td><td class="num">${c.sent}</td></tr>`,
  );
  return `<table class="routing-cases"><thead><tr><th></th><th>Case</th><th>Headers</th><th>Expected</th><th>Observed</th><th class="num">Sent</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function routingHtml(e: RoutingEvidence): string {
  return convergenceLine(e.convergence) + routingCasesTable(e.cases);
}
