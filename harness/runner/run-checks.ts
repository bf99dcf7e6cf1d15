// The runner: plans, runs each check, records every result with evidence and builds the run
// report. Checks never record or gate; they only decide.

import { randomBytes } from "node:crypto";
import type { CheckContext, CheckDefinition, CheckStatus } from "../checks/types.js";
import type { TargetProfile, Vantage } from "../profile/types.js";
import type { CheckResult, RunReport } from "../report/types.js";
import { REPORT_API_VERSION, REPORT_KIND } from "../report/types.js";
import { runVerdict } from "../report/verdict.js";
import type { RunListener } from "../events.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";
import type { Sender } from "../traffic/sender.js";
import { createSender } from "../traffic/senders.js";
import { planChecks, type Selection } from "./select.js";
import { TrafficTally, tallied } from "./traffic-tally.js";
import { MESHCHECK_VERSION } from "../version.js";

export interface RunOptions {
  profile: TargetProfile;
  target: { name: string; source: string; faults: string[] };
  checks: readonly CheckDefinition[];
  selection: Selection;
  stats: StatsSettings;
  timing: Timing;
  listener?: RunListener;
  signal?: AbortSignal;
  runId?: string;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export async function runChecks(opts: RunOptions): Promise<RunReport> {
  const started = new Date();
  const runId = opts.runId ?? newRunId(started);
  const emit: RunListener = opts.listener ?? (() => {});
  const signal = opts.signal ?? new AbortController().signal;
  const { planned, skipped } = planChecks(opts.checks, opts.profile, opts.selection);
  const problems: string[] = [];

  const senders = new Map<string, Sender>();
  // Senders are shared across checks; the tally they report to is the current check's.
  let tally = new TrafficTally();
  const senderFor = (name?: string, o: { newConnectionPerRequest?: boolean } = {}): Sender => {
    const fresh = o.newConnectionPerRequest === true;
    const key = `${name ?? ""}|${fresh}`;
    let s = senders.get(key);
    if (!s) {
      const vantage: Vantage | undefined = name === undefined ? { kind: "direct" } : opts.profile.vantages[name];
      if (!vantage) throw new Error(`vantage "${name}" is not in the target profile`);
      s = tallied(createSender(vantage, {
        timeoutMs: opts.timing.requestTimeoutMs,
        identify: opts.profile.identify,
        newConnectionPerRequest: fresh,
        ...(name !== undefined ? { vantageName: name } : {}),
      }), () => tally);
      senders.set(key, s);
    }
    return s;
  };

  emit({ type: "run-start", runId, target: opts.target.name, planned: planned.length });
  for (const s of skipped) emit({ type: "check-skipped", skipped: s });

  const results: CheckResult[] = [];
  try {
    for (const p of planned) {
      if (signal.aborted) {
        problems.push(`interrupted before ${p.id}: the report is partial`);
        break;
      }
      emit({ type: "check-start", id: p.id, description: p.definition.description });
      const ctx: CheckContext = {
        profile: opts.profile,
        sender: senderFor,
        timing: opts.timing,
        stats: opts.stats,
        emit,
        signal,
      };
      const t0 = performance.now();
      tally = new TrafficTally();
      let result: CheckResult;
      try {
        const v = await p.definition.run(ctx, p.target);
        // A check cut short by Ctrl-C has not earned a pass.
        const cut = signal.aborted && v.status === "pass";
        result = {
          ...identity(p.definition, p.target.name),
          ...v,
          ...(cut ? { status: "inconclusive" as const, summary: `interrupted before it finished: ${v.summary}` } : {}),
          durationMs: Math.round(performance.now() - t0),
          traffic: tally.summary(),
        };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        result = {
          ...identity(p.definition, p.target.name),
          status: "error",
          summary: `could not run: ${message}`,
          requests: 0,
          durationMs: Math.round(performance.now() - t0),
          evidence: { kind: "error", message },
          traffic: tally.summary(),
        };
      }
      results.push(result);
      emit({ type: "check-end", result });
    }
  } finally {
    await Promise.allSettled([...senders.values()].map((s) => s.close()));
  }

  results.sort((a, b) => a.id.localeCompare(b.id));
  const statuses = results.map((r) => r.status);
  const { verdict, exitCode } = runVerdict(statuses, problems);
  const finished = new Date();
  const count = (s: CheckStatus) => statuses.filter((x) => x === s).length;
  const report: RunReport = {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    runId,
    meshcheckVersion: MESHCHECK_VERSION,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    target: opts.target,
    settings: { stats: opts.stats, timing: opts.timing, selection: opts.selection },
    verdict,
    exitCode,
    counts: { pass: count("pass"), fail: count("fail"), inconclusive: count("inconclusive"), error: count("error"), skipped: skipped.length },
    checks: results,
    skipped,
    problems,
  };
  emit({ type: "run-end", report });
  return report;
}

function identity(def: CheckDefinition, target: string) {
  return { id: `${def.id}/${target}`, check: def.id, feature: def.feature, target, description: def.description };
}
