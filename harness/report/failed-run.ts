// The report of a run that never got to its checks (bad profile, target would not start):
// written all the same, so a nightly job always has a run.json that says what went wrong.

import { REPORT_API_VERSION, REPORT_KIND, type RunReport } from "./types.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";
import { MESHCHECK_VERSION } from "../version.js";

export function failedRunReport(o: {
  runId: string;
  target: RunReport["target"];
  stats: StatsSettings;
  timing: Timing;
  selection: { checks: string[]; features: string[] };
  problem: string;
  exitCode: number;
}): RunReport {
  const now = new Date().toISOString();
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    runId: o.runId,
    meshcheckVersion: MESHCHECK_VERSION,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    target: o.target,
    settings: { stats: o.stats, timing: o.timing, selection: o.selection },
    verdict: "could-not-test",
    exitCode: o.exitCode,
    counts: { pass: 0, fail: 0, inconclusive: 0, error: 0, skipped: 0 },
    checks: [],
    skipped: [],
    problems: [o.problem],
  };
}
