// The history page: trends over the last N runs — canary shares per destination and latency per
// check as line charts, verdicts per check as a grid, and the runs themselves with a link to each
// report. Runs made with deliberate faults (--fault) are marked and, unless asked for, left out
// of the trend lines: a fault run's 80/20 split is a test of the checks, not drift of the mesh.
// A pure function of the entries.

import type { HistoryEntry } from "../../history/entry.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms } from "../../render-kit/format.js";
import { verdictBadge } from "../../render-kit/html/badges.js";
import { page } from "./page.js";
import { latencyTrendSvg } from "./latency-trend.js";
import { trendChartSvg } from "./trend-chart.js";
import { verdictGrid } from "./verdict-grid.js";

export interface HistoryPageOptions {
  /** Draw runs made with faults in the trend lines too (default: leave them out). */
  withFaults?: boolean;
}

function runsTable(entries: HistoryEntry[]): string {
  const rows = entries.map((e, k) => {
    const p99 = Math.max(0, ...Object.values(e.latency).map((l) => l.p99Ms));
    const id = e.report !== undefined ? `<a href="${h(e.report)}"><code>${h(e.runId)}</code></a>` : `<code>${h(e.runId)}</code>`;
    const faults = e.faults.length > 0 ? `<span class="fault-mark">fault</span> <code>${h(e.faults.join(" "))}</code>` : "";
    return `<tr${e.faults.length > 0 ? ' class="fault-run"' : ""}><td class="num">#${k + 1}</td><td>${id}</td><td>${h(e.time)}</td><td>${h(e.target)}</td><td>${faults}</td><td>${verdictBadge(e.verdict)}</td><td class="num">${ms(p99)}</td></tr>`;
  });
  return `<table class="runs"><thead><tr><th class="num">Run</th><th>Run id</th><th>Started</th><th>Target</th><th>Faults</th><th>Verdict</th><th class="num">Worst p99</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function renderHistoryPage(entries: HistoryEntry[], source: string, skippedLines: number, opts: HistoryPageOptions = {}): string {
  const numbered = entries.map((e, k) => ({ e, number: k + 1 }));
  const trend = opts.withFaults ? numbered : numbered.filter((r) => r.e.faults.length === 0);
  const trendEntries = trend.map((r) => r.e);
  const runNumber = (k: number) => trend[k]?.number ?? k + 1;
  const faultRuns = entries.length - (opts.withFaults ? entries.filter((e) => e.faults.length === 0).length : trend.length);
  const canaryIds = [...new Set(trendEntries.flatMap((e) => Object.keys(e.canary)))].sort();
  const checkIds = [...new Set(trendEntries.flatMap((e) => Object.keys(e.latency)))].sort();
  const skipped = skippedLines > 0 ? ` · ${skippedLines} unreadable line${skippedLines === 1 ? "" : "s"} skipped` : "";
  const faultNote =
    faultRuns === 0
      ? ""
      : opts.withFaults
        ? `<p class="muted">${faultRuns} run${faultRuns === 1 ? "" : "s"} made with faults (marked <span class="fault-mark">fault</span> below) are drawn in the trends.</p>`
        : `<p class="muted">${faultRuns} run${faultRuns === 1 ? "" : "s"} made with faults (marked <span class="fault-mark">fault</span> below) are left out of the trends: their results test the checks, not the mesh. <code>meshcheck history --with-faults</code> draws them.</p>`;
  const body = [
    `<header><h1>meshcheck history</h1><p class="muted">${entries.length} run${entries.length === 1 ? "" : "s"} from <code>${h(source)}</code>${skipped}</p></header>`,
    entries.length === 0 ? `<p class="muted">No runs in the history yet.</p>` : "",
    faultNote,
    canaryIds.length > 0 ? `<h2>Canary shares over runs</h2>` : "",
    ...canaryIds.map((id) => `<section class="trend" data-check="${h(id)}"><h3><code>${h(id)}</code></h3>${trendChartSvg(trendEntries, id, runNumber)}</section>`),
    checkIds.length > 0 ? `<h2>Latency over runs</h2>` : "",
    ...checkIds.map((id) => `<section class="latency-trend" data-check="${h(id)}"><h3><code>${h(id)}</code></h3>${latencyTrendSvg(trendEntries, id, runNumber)}</section>`),
    entries.length > 0 ? `<h2>Verdicts over runs</h2>${verdictGrid(entries)}` : "",
    entries.length > 0 ? `<h2>Runs</h2>${runsTable(entries)}` : "",
  ].filter(Boolean);
  return page("meshcheck history", body.join("\n"));
}
