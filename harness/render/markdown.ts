// The Markdown summary: what a person reads in a PR comment or a CI job summary. Verdict and
// one row per check first; then the sections features add of their own (the canary's shares);
// the evidence of every check that did not pass.

import type { CheckResult, RunReport } from "../report/types.js";
import { REGISTERED_FEATURES } from "../features/registry.js";
import { escapeMarkdown as md } from "../render-kit/escape.js";
import { evidenceLines, trafficText } from "./evidence-text.js";
import { ms } from "../render-kit/format.js";
import { wallAndCheckTime } from "../report/check-time.js";
import { STATUS_LABEL, VERDICT_LABEL } from "../render-kit/labels.js";

function checksTable(report: RunReport): string[] {
  const rows = report.checks.map((c) => `| ${md(c.id)}${c.api ? ` ${c.api}` : ""} | ${md(c.feature)} | ${STATUS_LABEL[c.status]} | ${c.requests} | ${ms(c.durationMs)} | ${md(c.summary)} |`);
  const skipped = report.skipped.map((s) => `| ${md(s.check)} | ${md(s.feature)} | ${STATUS_LABEL.skipped} | 0 | — | ${md(s.reason)} |`);
  if (rows.length + skipped.length === 0) return ["No checks ran."];
  return ["| Check | Feature | Status | Requests | Time | Summary |", "|---|---|---|---:|---:|---|", ...rows, ...skipped];
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
    `${wallAndCheckTime(report, ms)}${report.settings.concurrency !== undefined ? ` (concurrency ${report.settings.concurrency}: up to that many checks that may share the run ran at once)` : ""}.`,
    "",
    ...checksTable(report),
  ];
  if (report.problems.length > 0) lines.push("", "## Problems", "", ...report.problems.map((p) => `- ${md(p)}`));
  for (const f of REGISTERED_FEATURES) {
    const summary = f.summary;
    if (!summary) continue;
    const sections = report.checks.flatMap((k) => (k.evidence.kind === f.kind ? [summary.markdown(k.evidence, k)] : []));
    if (sections.length > 0) lines.push("", `## ${summary.heading}`, "", ...sections.flatMap((s) => [...s, ""]));
  }
  const notPassed = report.checks.filter((k) => k.status !== "pass");
  if (notPassed.length > 0) lines.push("", "## Evidence of checks that did not pass", "", ...notPassed.flatMap((k) => [...evidenceSection(k), ""]));
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
