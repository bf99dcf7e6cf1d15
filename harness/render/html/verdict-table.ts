// The verdict table: one row per check (results, then skipped), status first.

import type { RunReport } from "../../report/types.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms } from "../../render-kit/format.js";
import { statusBadge } from "../../render-kit/html/badges.js";

export function verdictTable(report: RunReport): string {
  if (report.checks.length + report.skipped.length === 0) return `<p class="muted">No checks ran.</p>`;
  const rows = report.checks.map(
    (c) => `<tr data-check="${h(c.id)}"><td><a href="#${h(anchor(c.id))}"><code>${h(c.id)}</code></a>${c.api ? ` <span class="api">${h(c.api)}</span>` : ""}</td><td>${h(c.feature)}</td><td>${statusBadge(c.status)}</td><td class="num">${c.requests}</td><td class="num">${ms(c.durationMs)}</td><td class="wrap">${h(c.summary)}</td></tr>`,
  );
  const skipped = report.skipped.map(
    (s) => `<tr data-check="${h(s.check)}"><td><code>${h(s.check)}</code></td><td>${h(s.feature)}</td><td>${statusBadge("skipped")}</td><td class="num">0</td><td class="num">—</td><td class="wrap">${h(s.reason)}</td></tr>`,
  );
  return `<table class="verdicts"><thead><tr><th>Check</th><th>Feature</th><th>Status</th><th class="num" title="every request the check sent, convergence probes included">Requests sent</th><th class="num">Time</th><th>Summary</th></tr></thead>
<tbody>
${[...rows, ...skipped].join("\n")}
</tbody></table>`;
}

/** A stable fragment id for a check id ("canary-split/x" → "check-canary-split-x"). */
export function anchor(id: string): string {
  return `check-${id.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}
