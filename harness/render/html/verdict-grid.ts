// Verdict per check per run as a grid: rows are checks, columns runs (oldest → newest), so a
// check that started failing, or flaps, stands out at a glance.

import type { HistoryEntry } from "../../history/entry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { STATUS_COLOR, STATUS_LABEL } from "../../render-kit/labels.js";

const LETTER = { pass: "P", fail: "F", error: "E", inconclusive: "I", skipped: "S" } as const;

export function verdictGrid(entries: HistoryEntry[]): string {
  const ids = [...new Set(entries.flatMap((e) => Object.keys(e.checks)))].sort();
  const head = entries.map((e, k) => `<th class="num" title="${h(`${e.runId} ${e.time}`)}">#${k + 1}</th>`).join("");
  const verdictRow = entries
    .map((e) => {
      const status = e.verdict === "could-not-test" ? "inconclusive" : e.verdict;
      return `<td class="cell" style="background:${STATUS_COLOR[status]}" title="${h(`${e.runId}: ${e.verdict}`)}">${LETTER[status]}</td>`;
    })
    .join("");
  const rows = ids.map((id) => {
    const cells = entries.map((e) => {
      const s = e.checks[id];
      if (s === undefined) return `<td class="cell" style="background:${STATUS_COLOR.absent};color:#888" title="${h(`${e.runId}: not run`)}">·</td>`;
      return `<td class="cell status-cell" data-status="${s}" style="background:${STATUS_COLOR[s]}" title="${h(`${e.runId}: ${STATUS_LABEL[s]}`)}">${LETTER[s]}</td>`;
    });
    return `<tr data-check="${h(id)}"><td><code>${h(id)}</code></td>${cells.join("")}</tr>`;
  });
  return `<table class="grid-table"><thead><tr><th>Check</th>${head}</tr></thead>
<tbody>
<tr class="run-verdicts"><td><b>run verdict</b></td>${verdictRow}</tr>
${rows.join("\n")}
</tbody></table>
<p class="muted">P pass · F fail · E error · I inconclusive (run: could not test) · S skipped · · not run</p>`;
}
