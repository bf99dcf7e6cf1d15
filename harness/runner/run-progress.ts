// What a run has so far, kept up to date by the runner, so that a run stopped from outside (a
// second Ctrl-C, the interrupt's grace running out) can still write a report of it: the checks
// that finished, and every one in progress as interrupted after the requests it had sent.

import type { CheckDefinition } from "../check-kit/types.js";
import type { RouteApi } from "../../spec/profile/types.js";
import type { CheckResult, RunReport, SkippedCheck } from "../report/types.js";
import { REPORT_API_VERSION, REPORT_KIND } from "../report/types.js";
import { runVerdict } from "../report/verdict.js";
import { ExitCode } from "../exit-codes.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";
import { MESHCHECK_VERSION } from "../version.js";
import type { Selection } from "./select.js";
import type { TrafficTally } from "./traffic-tally.js";
import type { CheckStatus } from "../status.js";

export interface RunningCheck {
  definition: CheckDefinition;
  target: string;
  api?: RouteApi;
  tally: TrafficTally;
  startedAt: number;
}

export class RunProgress {
  readonly results: CheckResult[] = [];
  skipped: SkippedCheck[] = [];
  /** The checks running now, by result id (several at once when the plan lets them share the run). */
  readonly running = new Map<string, RunningCheck>();
  runId = "";
  startedAt = new Date();
  target: RunReport["target"] = { name: "", source: "", faults: [] };
  settings: { stats: StatsSettings; timing: Timing; selection: Selection; concurrency?: number } | undefined;

  /** The report of everything so far; `interrupted` names why the rest did not run. */
  report(problems: string[], interrupted: boolean): RunReport {
    const results = [...this.results];
    for (const c of this.running.values()) results.push(interruptedResult(c));
    return buildRunReport(this, results, problems, interrupted);
  }
}

export function checkIdentity(def: CheckDefinition, target: string, api?: RouteApi) {
  return { id: `${def.id}/${target}`, check: def.id, feature: def.feature, target, ...(api !== undefined && { api }), description: def.description };
}

/** A check stopped by Ctrl-C/SIGTERM says so, with how far it got; it has earned no verdict. */
export function interruptedSummary(requests: number): string {
  return `interrupted after ${requests} request${requests === 1 ? "" : "s"}, before it could decide`;
}

export function interruptedResult(c: RunningCheck, evidence?: CheckResult["evidence"]): CheckResult {
  const traffic = c.tally.summary();
  return {
    ...checkIdentity(c.definition, c.target, c.api),
    status: "inconclusive",
    summary: interruptedSummary(traffic.requests),
    requests: traffic.requests,
    durationMs: Math.round(performance.now() - c.startedAt),
    evidence: evidence ?? { kind: "error", message: "interrupted" },
    traffic,
  };
}

/**
 * The run report from its results. An interrupted run did not finish: it is `could-not-test`,
 * exit 3, even when a check that finished before the interrupt failed (its result says so).
 */
export function buildRunReport(p: RunProgress, checks: CheckResult[], problems: string[], interrupted: boolean): RunReport {
  const results = [...checks].sort((a, b) => a.id.localeCompare(b.id));
  const statuses = results.map((r) => r.status);
  const judged = runVerdict(statuses, problems);
  const { verdict, exitCode } = interrupted ? { verdict: "could-not-test" as const, exitCode: ExitCode.CannotTest } : judged;
  const finished = new Date();
  const count = (s: CheckStatus) => statuses.filter((x) => x === s).length;
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    runId: p.runId,
    meshcheckVersion: MESHCHECK_VERSION,
    startedAt: p.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - p.startedAt.getTime(),
    target: p.target,
    settings: p.settings!,
    verdict,
    exitCode,
    counts: { pass: count("pass"), fail: count("fail"), inconclusive: count("inconclusive"), error: count("error"), skipped: p.skipped.length },
    checks: results,
    skipped: p.skipped,
    problems,
  };
}
