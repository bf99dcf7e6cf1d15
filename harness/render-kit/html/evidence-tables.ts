// HTML pieces several features' sections are made of: request records (mTLS, authz, circuit
// breaking), the convergence line, and a facts table.

import type { Convergence, RequestRecord } from "../../check-kit/records.js";
import { escapeHtml as h } from "../escape.js";
import { ms } from "../format.js";
import { okMark } from "./badges.js";

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

/** Label → value rows, for evidence that is a handful of facts. */
export function factsTable(rows: [string, string][]): string {
  return `<table class="facts"><tbody>
${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td class="mono wrap">${h(v)}</td></tr>`).join("\n")}
</tbody></table>`;
}
