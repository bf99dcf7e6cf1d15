// The Markdown summary: what a person reads in a PR comment or a CI job summary. Verdict and
// one row per check first; canary shares next; the evidence of every check that did not pass.

import type { ProportionEvidence } from "../stats/index.js";
import type { CheckResult, RunReport } from "../report/types.js";
import { escapeMarkdown as md } from "./escape.js";
import { evidenceLines, trafficText } from "./evidence-text.js";
import { ci, ms, pct, points } from "./format.js";
import { STATUS_LABEL, VERDICT_LABEL } from "./labels.js";

function checksTable(report: RunReport): string[] {
  const rows = report.checks.map((c) => `| ${md(c.id)}${c.api ? ` ${c.api}` : ""} | ${md(c.feature)} | ${STATUS_LABEL[c.status]} | ${c.requests} | ${ms(c.durationMs)} | ${md(c.summary)} |`);
  const skipped = report.skipped.map((s) => `| ${md(s.check)} | ${md(s.feature)} | ${STATUS_LABEL.skipped} | 0 | — | ${md(s.reason)} |`);
  if (rows.length + skipped.length === 0) return ["No checks ran."];
  return ["| Check | Feature | Status | Requests | Time | Summary |", "|---|---|---|---:|---:|---|", ...rows, ...skipped];
}

function canarySection(c: CheckResult, p: ProportionEvidence): string[] {
  return [
    `### Canary ${md(c.target)}: ${STATUS_LABEL[c.status]}`,
    "",
    "| Destination | Observed | Requests | Confidence interval | Expected | Tolerance band | Finding |",
    "|---|---:|---:|---|---:|---|---|",
    ...p.destinations.map((d) => `| ${md(d.name)} | ${pct(d.share)} | ${d.observed} | ${points(d.ciLevel)} ${ci(d.ci)} | ${points(d.expectedShare)} | ${ci(d.band)} | ${d.finding} |`),
    "",
    `Verdict **${c.status}** after ${p.requests} of ${p.budget} budgeted requests: ${md(p.reason)}`,
    "",
    `A share within its weight ± δ (δ = ${points(p.delta)}) conforms. pass claims every share is within (wrong with probability ≤ β = ${p.beta}); fail claims one is outside (wrong with probability ≤ α = ${p.alpha}); intervals are anytime-valid.`,
  ];
}

function evidenceSection(c: CheckResult): string[] {
  return [`### ${md(c.id)}: ${STATUS_LABEL[c.status]}`, "", md(c.summary), "", ...evidenceLines(c.evidence).map((l) => `- ${md(l)}`), `- ${md(trafficText(c.traffic))}`];
}

export function renderMarkdown(report: RunReport): string {
  const c = report.counts;
  const faults = report.target.faults.length > 0 ? ` with faults ${report.target.faults.map((f) => `\`${f.replace(/`/g, "'")}\``).join(", ")}` : "";
  const lines = [
    `# meshcheck: ${VERDICT_LABEL[report.verdict]}`,
    "",
    `Run \`${report.runId.replace(/`/g, "'")}\` against **${md(report.target.name)}** (${md(report.target.source)})${faults}, ${md(report.startedAt)}, ${ms(report.durationMs)}.`,
    `${c.pass} passed, ${c.fail} failed, ${c.error} errors, ${c.inconclusive} inconclusive, ${c.skipped} skipped; exit code ${report.exitCode}.`,
    "",
    ...checksTable(report),
  ];
  if (report.problems.length > 0) lines.push("", "## Problems", "", ...report.problems.map((p) => `- ${md(p)}`));
  const canaries = report.checks.flatMap((k) => (k.evidence.kind === "canary" ? [canarySection(k, k.evidence.proportion)] : []));
  if (canaries.length > 0) lines.push("", "## Canary distribution", "", ...canaries.flatMap((s) => [...s, ""]));
  const notPassed = report.checks.filter((k) => k.status !== "pass");
  if (notPassed.length > 0) lines.push("", "## Evidence of checks that did not pass", "", ...notPassed.flatMap((k) => [...evidenceSection(k), ""]));
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
