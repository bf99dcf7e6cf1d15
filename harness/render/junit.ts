// JUnit XML: one testcase per check (results and skipped checks), so CI systems show a
// meshcheck run like a test suite. A failed check carries its evidence in the failure body;
// error and inconclusive are JUnit errors (the check could not decide: never a pass).

import type { CheckResult, RunReport, SkippedCheck } from "../report/types.js";
import { escapeXml as x } from "../render-kit/escape.js";
import { checkText } from "./evidence-text.js";
import { points, prob } from "../render-kit/format.js";

function seconds(msValue: number): string {
  return (msValue / 1000).toFixed(3);
}

function resultCase(c: CheckResult): string {
  const open = `    <testcase classname="meshcheck.${x(c.feature)}" name="${x(c.id)}" time="${seconds(c.durationMs)}">`;
  const text = x(checkText(c));
  let outcome: string;
  switch (c.status) {
    case "pass":
      outcome = `      <system-out>${text}</system-out>`;
      break;
    case "fail":
      outcome = `      <failure type="fail" message="${x(c.summary)}">${text}</failure>`;
      break;
    case "error":
    case "inconclusive":
      outcome = `      <error type="${c.status}" message="${x(c.summary)}">${text}</error>`;
      break;
    default: {
      const never: never = c.status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
  return `${open}\n${outcome}\n    </testcase>`;
}

function skippedCase(s: SkippedCheck): string {
  return `    <testcase classname="meshcheck.${x(s.feature)}" name="${x(s.check)}" time="0.000">\n      <skipped message="${x(s.reason)}"/>\n    </testcase>`;
}

/** Run-level problems (no checks ran, run interrupted) as one errored testcase: a CI must not read an empty suite as green. */
function problemCase(problems: string[]): string {
  const text = x(problems.join("\n"));
  return `    <testcase classname="meshcheck.run" name="run" time="0.000">\n      <error type="run-problem" message="${x(problems[0] ?? "")}">${text}</error>\n    </testcase>`;
}

export function renderJunit(report: RunReport): string {
  const cases = [...report.checks.map(resultCase), ...report.skipped.map(skippedCase)];
  if (report.problems.length > 0) cases.push(problemCase(report.problems));
  const failures = report.counts.fail;
  const errors = report.counts.error + report.counts.inconclusive + (report.problems.length > 0 ? 1 : 0);
  const tests = cases.length;
  const skipped = report.skipped.length;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}"`;
  const s = report.settings.stats;
  const props: Array<[string, string]> = [
    ["runId", report.runId],
    ["target", report.target.name],
    ["source", report.target.source],
    ["faults", report.target.faults.join(" ")],
    ["verdict", report.verdict],
    ["alpha", prob(s.alpha)],
    ["beta", prob(s.beta)],
    ["delta", points(s.delta)],
    ["budget", String(s.budget)],
    ["meshcheckVersion", report.meshcheckVersion],
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="meshcheck" ${counts}>`,
    `  <testsuite name="${x(`meshcheck ${report.target.name}`)}" ${counts} timestamp="${x(report.startedAt)}">`,
    `    <properties>`,
    ...props.map(([k, v]) => `      <property name="${k}" value="${x(v)}"/>`),
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
