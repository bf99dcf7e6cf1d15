// bench/results/stress.md from the rows run so far (written after every row, so a run cut short
// still leaves its results).
import type { RowScore } from "./classify.js";

export interface StressRow {
  name: string;
  allowed: string;
  statuses: string;
  seconds: number;
  score: RowScore;
}

export interface StressReport {
  command: string;
  started: string;
  machine: string;
  busyLoops: number;
  planned: number;
  rows: StressRow[];
  finished: boolean;
}

/** A table cell: an allowed set's `|` would end the cell. */
const cell = (text: string) => text.replaceAll("|", "\\|");

export function renderStress(r: StressReport): string {
  const sum = (k: "right" | "inconclusive" | "wrong" | "unexpectedError") => r.rows.reduce((n, x) => n + x.score[k], 0);
  const verdicts = sum("right") + sum("inconclusive") + sum("wrong") + sum("unexpectedError");
  const notes = r.rows.flatMap((x) => x.score.notes.map((n) => `- ${x.name}: ${n}`));
  const status = r.finished ? `complete: ${r.rows.length} of ${r.planned} rows` : `**partial: ${r.rows.length} of ${r.planned} rows** (the run was stopped or is still going)`;
  return `# Stress: the mutation matrix on an oversubscribed machine

Command: \`${r.command}\`
Started: ${r.started} · machine: ${r.machine} · busy loops: ${r.busyLoops} · ${status}

Every row starts the local mesh with its faults and runs every check on every target in this process, at the default concurrency, while
${r.busyLoops} busy-loop process${r.busyLoops === 1 ? "" : "es"} spin. Each check's status is judged against the mutation table
(harness/selftest/mutation-table.ts): **wrong** is a pass or fail the table does not allow;
**inconclusive** is never wrong, only counted; an **error** the table does not expect means the
check could not test (it claims nothing) and is counted apart.

| totals | verdicts | right | inconclusive | wrong | unexpected error |
| --- | ---: | ---: | ---: | ---: | ---: |
| all rows | ${verdicts} | ${sum("right")} | ${sum("inconclusive")} | ${sum("wrong")} | ${sum("unexpectedError")} |

| # | faults | table expects (besides pass) | statuses | s | wrong | inconclusive | error |
| ---: | --- | --- | --- | ---: | ---: | ---: | ---: |
${r.rows.map((x, i) => `| ${i + 1} | ${cell(x.name)} | ${cell(x.allowed)} | ${cell(x.statuses)} | ${x.seconds.toFixed(0)} | ${x.score.wrong} | ${x.score.inconclusive} | ${x.score.unexpectedError} |`).join("\n")}

${notes.length ? `Wrong verdicts, unexpected errors and skips:\n\n${notes.join("\n")}\n` : "No wrong verdicts, unexpected errors or skips.\n"}`;
}
