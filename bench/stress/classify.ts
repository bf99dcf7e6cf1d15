// How the stress benchmark scores one row: each check's status against the row's allowed set.
// A pass or fail outside the set is a wrong verdict — the thing that must never happen. An
// inconclusive is never wrong, only counted. An error outside the set is counted apart: the
// check could not test, which claims nothing but is still not what the table expects.
import type { MutationOutcome } from "../../harness/selftest/run-mutation.js";

export interface RowScore {
  right: number;
  inconclusive: number;
  wrong: number;
  unexpectedError: number;
  /** One line per wrong verdict or unexpected error: check, status, allowed set, summary. */
  notes: string[];
}

export function scoreRow(outcome: MutationOutcome): RowScore {
  const score: RowScore = { right: 0, inconclusive: 0, wrong: 0, unexpectedError: 0, notes: [] };
  const bad = new Map(outcome.mismatches.map((m) => [m.check, m]));
  for (const c of outcome.report.checks) {
    const m = bad.get(c.id);
    if (c.status === "inconclusive") score.inconclusive++;
    else if (!m) score.right++;
    else if (c.status === "error") score.unexpectedError++;
    else score.wrong++;
    if (m && c.status !== "inconclusive") score.notes.push(`${c.id}: ${c.status} (allowed ${m.allowed.join("|") || "nothing"}): ${c.summary}`);
  }
  // A check of the table that did not run at all is a hole in the matrix, not a verdict.
  for (const m of outcome.mismatches.filter((x) => x.got === "missing")) {
    score.unexpectedError++;
    score.notes.push(`${m.check}: did not run`);
  }
  for (const s of outcome.skipped) score.notes.push(`skipped ${s}`);
  return score;
}
