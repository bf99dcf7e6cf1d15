// route-timeout's evidence as text and HTML: the bounds a 504 must fall in, the slowness
// measured meanwhile, and the timed requests.
import type { TimeoutEvidence } from "./evidence.js";
import type { TimedRequestRecord } from "../../check-kit/records.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { requestText } from "../../render-kit/text.js";
import { okMark } from "../../render-kit/html/badges.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";

export function timedRequestText(r: TimedRequestRecord): string {
  return `${requestText(r)} in ${r.latencyMs} ms`;
}

/** How a late 504 was judged (absent in reports before the concurrent controls). */
export function slownessText(e: TimeoutEvidence): string | undefined {
  if (e.during === undefined || e.slackMs === undefined) return undefined;
  return `later than ${e.boundsMs[1]} ms counts as late only beyond the slowness measured meanwhile: ${e.during.requests} controls sent back to back (${e.during.answered} answered) lost ${e.slackMs} ms`;
}

export function timeoutLines(e: TimeoutEvidence): string[] {
  const slowness = slownessText(e);
  return [
    `route timeout ${e.timeoutMs} ms: a slower request must get 504 within ${e.boundsMs[0]}–${e.boundsMs[1]} ms`,
    ...(slowness !== undefined ? [slowness] : []),
    `control: ${timedRequestText(e.control)}`,
    ...e.slow.map((r) => `slow: ${timedRequestText(r)}`),
  ];
}

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

export function timeoutSection(e: TimeoutEvidence): string {
  const slowness = slownessText(e);
  return `${convergenceLine(e.convergence)}<p>Route timeout <b>${e.timeoutMs} ms</b>: a slower request must get <code>504 upstream request timeout</code> after <b class="bounds">${e.boundsMs[0]}–${e.boundsMs[1]} ms</b>.${slowness !== undefined ? ` <span class="slowness">${h(slowness)}</span>` : ""}</p>
${timedTable("Positive control (answers within the timeout)", [e.control])}
${timedTable("Requests slower than the timeout", e.slow)}`;
}
