// The self-contained HTML report of one run: verdict, the canary distribution first (what
// most readers came for), then every check's evidence. A pure function of the RunReport.

import type { RunReport } from "../../report/types.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { ms, points, prob } from "../../render-kit/format.js";
import { verdictBadge } from "../../render-kit/html/badges.js";
import { checkSection } from "./check-section.js";
import { REGISTERED_FEATURES } from "../../features/registry.js";
import { page } from "./page.js";
import { verdictTable } from "./verdict-table.js";

function header(r: RunReport): string {
  const s = r.settings.stats;
  const faults = r.target.faults.length > 0 ? ` · faults <code>${h(r.target.faults.join(" "))}</code>` : "";
  const c = r.counts;
  return `<header>
<h1>meshcheck report ${verdictBadge(r.verdict)}</h1>
<p class="muted">Run <code>${h(r.runId)}</code> against <b>${h(r.target.name)}</b> (${h(r.target.source)})${faults} · started ${h(r.startedAt)} · ${ms(r.durationMs)} · meshcheck ${h(r.meshcheckVersion)}</p>
<p>${c.pass} passed, ${c.fail} failed, ${c.error} errors, ${c.inconclusive} inconclusive, ${c.skipped} skipped · exit code ${r.exitCode} ·
settings α = ${prob(s.alpha)}, β = ${prob(s.beta)}, δ = ${points(s.delta)}, budget ${s.budget} requests</p>
</header>`;
}

export function renderHtmlReport(r: RunReport): string {
  const problems = r.problems.length > 0 ? `<h2>Problems</h2><ul class="problems">${r.problems.map((p) => `<li class="bad">${h(p)}</li>`).join("")}</ul>` : "";
  // Checks whose feature has a summary section of its own come first, under its heading.
  const featured = REGISTERED_FEATURES.flatMap((f) => (f.summary ? [{ heading: f.summary.heading, checks: r.checks.filter((c) => c.evidence.kind === f.kind) }] : []));
  const others = r.checks.filter((c) => !featured.some((g) => g.checks.includes(c)));
  const body = [
    header(r),
    problems,
    `<h2>Verdicts</h2>`,
    verdictTable(r),
    ...featured.map((g) => (g.checks.length > 0 ? `<h2>${h(g.heading)}</h2>\n${g.checks.map(checkSection).join("\n")}` : "")),
    others.length > 0 ? `<h2>Other checks</h2>\n${others.map(checkSection).join("\n")}` : "",
  ].filter(Boolean);
  return page(`meshcheck ${r.verdict} — ${r.target.name} — ${r.runId}`, body.join("\n"));
}
