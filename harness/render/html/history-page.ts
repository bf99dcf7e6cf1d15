// The history page: trends over the last N runs — canary shares per destination as line
// charts, verdicts per check as a grid, and the runs themselves. A pure function of the entries.

import type { HistoryEntry } from "../../history/entry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms } from "../../render-kit/format.js";
import { verdictBadge } from "../../render-kit/html/badges.js";
import { page } from "./page.js";
import { trendChartSvg } from "./trend-chart.js";
import { verdictGrid } from "./verdict-grid.js";

function runsTable(entries: HistoryEntry[]): string {
  const rows = entries.map((e, k) => {
    const p99 = Math.max(0, ...Object.values(e.latency).map((l) => l.p99Ms));
    return `<tr><td class="num">#${k + 1}</td><td><code>${h(e.runId)}</code></td><td>${h(e.time)}</td><td>${h(e.target)}</td><td><code>${h(e.faults.join(" "))}</code></td><td>${verdictBadge(e.verdict)}</td><td class="num">${ms(p99)}</td></tr>`;
  });
  return `<table class="runs"><thead><tr><th class="num">Run</th><th>Run id</th><th>Started</th><th>Target</th><th>Faults</th><th>Verdict</th><th class="num">Worst p99</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function renderHistoryPage(entries: HistoryEntry[], source: string, skippedLines: number): string {
  const canaryIds = [...new Set(entries.flatMap((e) => Object.keys(e.canary)))].sort();
  const skipped = skippedLines > 0 ? ` · ${skippedLines} unreadable line${skippedLines === 1 ? "" : "s"} skipped` : "";
  const body = [
    `<header><h1>meshcheck history</h1><p class="muted">${entries.length} run${entries.length === 1 ? "" : "s"} from <code>${h(source)}</code>${skipped}</p></header>`,
    entries.length === 0 ? `<p class="muted">No runs in the history yet.</p>` : "",
    canaryIds.length > 0 ? `<h2>Canary shares over runs</h2>` : "",
    ...canaryIds.map((id) => `<section class="trend" data-check="${h(id)}"><h3><code>${h(id)}</code></h3>${trendChartSvg(entries, id)}</section>`),
    entries.length > 0 ? `<h2>Verdicts over runs</h2>${verdictGrid(entries)}` : "",
    entries.length > 0 ? `<h2>Runs</h2>${runsTable(entries)}` : "",
  ].filter(Boolean);
  return page("meshcheck history", body.join("\n"));
}
