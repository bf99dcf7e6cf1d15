// The runner: plans, runs the checks (several at once where ./plan-waves.ts allows), records
// every result with evidence and builds the run report. Checks never record or gate; they only decide.
//
// Bounds: every check runs under its own signal, aborted by the run's signal (Ctrl-C/SIGTERM)
// or by its deadline (./check-deadline.ts), and every send it makes carries that signal, so a
// stopped check's requests end at once. A check that still does not return within
// STOP_GRACE_MS of being stopped is left behind and recorded as stopped.

import { randomBytes } from "node:crypto";
import type { CheckContext, CheckVerdict } from "../check-kit/types.js";
import type { CheckEvidence, RegisteredCheck } from "../features/registry.js";
import type { TargetProfile, Vantage } from "../../spec/profile/types.js";
import type { CheckResult, RunReport } from "../report/types.js";
import type { RunListener } from "../events.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";
import type { Sender } from "../traffic/sender.js";
import { createSender } from "../traffic/senders.js";
import { planChecks, type PlannedCheck, type Selection } from "./select.js";
import { planWaves } from "./plan-waves.js";
import { TrafficTally, tallied } from "./traffic-tally.js";
import { checkDeadlineMs } from "./check-deadline.js";
import { withSignal } from "./signal-sender.js";
import { RunProgress, buildRunReport, checkIdentity, interruptedResult, type RunningCheck } from "./run-progress.js";
import { ROUTE_APIS } from "../../spec/profile/schema.js";
import type { RouteApi } from "../../spec/profile/types.js";

/** How long a stopped check may take to return before the runner records it and moves on. */
export const STOP_GRACE_MS = 5_000;

export interface RunOptions {
  profile: TargetProfile;
  target: { name: string; source: string; faults: string[] };
  checks: readonly RegisteredCheck[];
  selection: Selection;
  stats: StatsSettings;
  timing: Timing;
  listener?: RunListener;
  signal?: AbortSignal;
  runId?: string;
  /** Kept up to date while the run goes, for a report of a run stopped from outside. */
  progress?: RunProgress;
  /** Most checks running at once (--concurrency; ./plan-waves.ts says which may); default 1, one after another. */
  concurrency?: number;
  /** Each check's deadline; default checkDeadlineMs (tests shorten it). */
  deadlineMs?: (p: PlannedCheck, timing: Timing, stats: StatsSettings) => number;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

class CheckStopped extends Error {
  constructor(
    message: string,
    readonly why: "interrupted" | "deadline",
  ) {
    super(message);
  }
}

export async function runChecks(opts: RunOptions): Promise<RunReport> {
  const progress = opts.progress ?? new RunProgress();
  progress.startedAt = new Date();
  progress.runId = opts.runId ?? newRunId(progress.startedAt);
  progress.target = opts.target;
  const concurrency = opts.concurrency ?? 1;
  progress.settings = { stats: opts.stats, timing: opts.timing, selection: opts.selection, concurrency };
  const emit: RunListener = opts.listener ?? (() => {});
  const signal = opts.signal ?? new AbortController().signal;
  const deadlineOf = opts.deadlineMs ?? ((p, timing, stats) => checkDeadlineMs(p.definition.id, p.target, timing, stats));
  const { planned, skipped } = planChecks(opts.checks, opts.profile, opts.selection);
  progress.skipped = skipped;
  const problems: string[] = [];

  const senders = new Map<string, Sender>();
  // Senders (and their connection pools) are shared by every check; each check sees them
  // through its own wrapper, which counts its requests in its own tally (several run at once).
  const senderFor = (name?: string, o: { newConnectionPerRequest?: boolean } = {}): Sender => {
    const fresh = o.newConnectionPerRequest === true;
    const key = `${name ?? ""}|${fresh}`;
    let s = senders.get(key);
    if (!s) {
      const vantage: Vantage | undefined = name === undefined ? { kind: "direct" } : opts.profile.vantages[name];
      if (!vantage) throw new Error(`vantage "${name}" is not in the target profile`);
      s = createSender(vantage, {
        timeoutMs: opts.timing.requestTimeoutMs,
        identify: opts.profile.identify,
        newConnectionPerRequest: fresh,
        ...(name !== undefined ? { vantageName: name } : {}),
      });
      senders.set(key, s);
    }
    return s;
  };

  emit({ type: "run-start", runId: progress.runId, target: opts.target.name, planned: planned.length });
  for (const s of skipped) emit({ type: "check-skipped", skipped: s });

  let interrupted = false;
  const notStarted: string[] = [];
  try {
    for (const wave of planWaves(planned, concurrency)) {
      const queue = [...wave.checks];
      // `slots` workers take the wave's checks in its order (./plan-waves.ts); a result is recorded the
      // moment its check ends, so a check that hangs until its deadline holds only its own slot.
      const worker = async () => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
          if (signal.aborted) {
            notStarted.push(p.id, ...queue.map((q) => q.id));
            queue.length = 0;
            return;
          }
          emit({ type: "check-start", id: p.id, description: p.definition.description });
          const api = "api" in p.target ? routeApiOf(p.target.api) : undefined;
          const running: RunningCheck = { definition: p.definition, target: p.target.name, ...(api !== undefined && { api }), tally: new TrafficTally(), startedAt: performance.now() };
          progress.running.set(p.id, running);
          const result = await runOne(p, running, deadlineOf(p, opts.timing, opts.stats));
          progress.running.delete(p.id);
          progress.results.push(result);
          emit({ type: "check-end", result });
        }
      };
      await Promise.all(Array.from({ length: Math.min(wave.slots, wave.checks.length) }, worker));
    }
  } finally {
    await Promise.allSettled([...senders.values()].map((s) => s.close()));
  }
  if (notStarted.length > 0) {
    interrupted = true;
    const ids = planned.map((p) => p.id).filter((id) => notStarted.includes(id));
    problems.push(`interrupted before ${ids.join(", ")} started: the report is partial`);
  }

  const report = buildRunReport(progress, progress.results, problems, interrupted);
  emit({ type: "run-end", report });
  return report;

  async function runOne(p: PlannedCheck, running: RunningCheck, deadlineMs: number): Promise<CheckResult> {
    const stop = new AbortController();
    const onInterrupt = () => stop.abort(new CheckStopped("interrupted (Ctrl-C or SIGTERM)", "interrupted"));
    signal.addEventListener("abort", onInterrupt, { once: true });
    if (signal.aborted) onInterrupt();
    const deadline = setTimeout(() => stop.abort(new CheckStopped(`did not finish within its deadline of ${deadlineMs} ms`, "deadline")), deadlineMs);
    // Once stopped, the check has STOP_GRACE_MS to return; after that it is left behind.
    let grace: NodeJS.Timeout | undefined;
    const abandoned = new Promise<"abandoned">((resolve) => {
      stop.signal.addEventListener("abort", () => (grace = setTimeout(() => resolve("abandoned"), STOP_GRACE_MS)), { once: true });
    });
    const ctx: CheckContext = {
      profile: opts.profile,
      sender: (name, o) => withSignal(tallied(senderFor(name, o), running.tally), stop.signal),
      timing: opts.timing,
      stats: opts.stats,
      emit,
      signal: stop.signal,
    };
    const base = () => ({ ...checkIdentity(p.definition, p.target.name, running.api), durationMs: Math.round(performance.now() - running.startedAt), traffic: running.tally.summary() });
    let v: CheckVerdict<CheckEvidence> | "abandoned" | undefined;
    let error: unknown;
    try {
      v = await Promise.race([p.definition.run(ctx, p.target), abandoned]);
    } catch (err) {
      error = err;
    } finally {
      clearTimeout(deadline);
      clearTimeout(grace);
      signal.removeEventListener("abort", onInterrupt);
    }
    const stopped = stop.signal.reason instanceof CheckStopped ? stop.signal.reason : undefined;
    // Stopped from outside: whatever the check returned or threw after that is not a verdict
    // (a sequential test cut short says "no decision within the budget", a convergence loop
    // cut short says it never converged): record the true reason instead.
    if (stopped?.why === "interrupted") {
      interrupted = true;
      problems.push(`interrupted during ${p.id}: the report is partial`);
      return interruptedResult(running, v !== undefined && v !== "abandoned" ? v.evidence : undefined);
    }
    if (stopped?.why === "deadline") {
      const requests = running.tally.summary().requests;
      return { ...base(), status: "error", summary: `${stopped.message} (derived from its plan), after ${requests} requests`, requests, evidence: v !== undefined && v !== "abandoned" ? v.evidence : { kind: "error", message: stopped.message } };
    }
    if (v !== undefined && v !== "abandoned") return { ...base(), ...v };
    const message = error instanceof Error ? error.message : String(error);
    return { ...base(), status: "error", summary: `could not run: ${message}`, requests: 0, evidence: { kind: "error", message } };
  }
}

/** The entry's `api`, when it is one the schema admits (it is, once the profile validated). */
function routeApiOf(api: unknown): RouteApi | undefined {
  return (ROUTE_APIS as readonly unknown[]).includes(api) ? (api as RouteApi) : undefined;
}
