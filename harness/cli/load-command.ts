// `meshcheck load`: steady traffic at a fixed rate through the target's gateway (its first
// canary host, else its first routed host) until Ctrl-C/SIGTERM or --duration, then the error
// rate against --budget. `make upgrade` runs it across the helm upgrade and rollout restarts.
// Exit 0 within budget, 1 over it, 2 bad flags or --out, 3 target unreachable or the rate not
// reached, 5 the summary written to a fallback path. The verdict is printed before the summary
// is written, so a failed write never hides it.
import { writeFileAtomic } from "../report/write.js";
import { writeFileOrFallback } from "../report/write-or-fallback.js";
import { checkOutputFile } from "../output/paths.js";
import { judgeAchievedRate, LAG_ALLOWANCE_S, RATE_MARGIN } from "../load/achieved-rate.js";
import { CannotTestError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { resolveTarget } from "../targets/resolve.js";
import { createSender } from "../traffic/senders.js";
import { runTraffic } from "../traffic/engine.js";
import { judgeErrorBudget } from "../load/error-budget.js";
import { parseFlags } from "./parse-flags.js";
import { knobFlag } from "../knob-flag.js";
import { KNOBS } from "../../spec/knobs.js";
import { StatsAccumulator } from "../traffic/stats.js";
import { createConsolePrinter } from "../printers/console.js";
import { colorWanted } from "../printers/style.js";

const USAGE = "usage: meshcheck load [--target kind|local|FILE] [--rate N] [--duration SECONDS] [--budget FRACTION] [--out FILE]";
const UNTIL_STOPPED_MS = 24 * 3600_000;
/** How often the progress line's numbers are worked out (the printer decides when to show them). */
const PROGRESS_EVERY_MS = 250;

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

export async function loadCommand(args: string[]): Promise<number> {
  const { values: v } = parseFlags(
    "load",
    args,
    { options: { target: { type: "string", default: "kind" }, rate: { type: "string" }, duration: { type: "string" }, budget: { type: "string" }, out: { type: "string" } } },
    USAGE,
  );
  const rate = knobFlag(KNOBS.cliLoadRate, v.rate);
  const durationS = knobFlag(KNOBS.cliLoadDurationS, v.duration);
  const durationMs = durationS === undefined ? UNTIL_STOPPED_MS : durationS * 1000;
  const budget = knobFlag(KNOBS.cliLoadBudget, v.budget);

  if (v.out !== undefined) await checkOutputFile("load: --out", v.out);

  const target = await resolveTarget(v.target, []);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const printer = createConsolePrinter({ stream: process.stderr, color: colorWanted(process.stderr) });
  const sender = createSender({ kind: "direct" }, { timeoutMs: 5_000, identify: target.profile.identify, capture: { headers: true, body: false } });
  try {
    const aim = target.profile.canary?.[0] ?? target.profile.routing?.[0];
    if (!aim) throw new CannotTestError(`load: target ${target.profile.name} routes no host through its gateway (no canary or routing section)`);
    process.stderr.write(`meshcheck load: ${rate}/s to ${aim.url} (Host ${aim.host ?? "-"}) until ${v.duration ? `${v.duration} s pass` : "stopped (Ctrl-C)"}; error budget ${budget}\n`);
    // Progress as the run printer shows it: a status line on a terminal, else a line at least
    // every few seconds, so an upgrade's long load is never silent in a CI log. The failures
    // counted are the verdict's own (judgeErrorBudget over the outcomes so far).
    const sofar = new StatsAccumulator(false);
    const startedAt = performance.now();
    let shownAt = -Infinity;
    printer({ type: "check-start", id: "load", description: "sending" });
    const stats = await runTraffic({
      sender,
      request: { url: aim.url, method: "GET", headers: {}, ...(aim.host ? { host: aim.host } : {}) },
      concurrency: 64,
      maxRequests: Infinity,
      timeoutMs: 5_000,
      durationMs,
      ratePerSec: rate,
      signal: controller.signal,
      on: {
        outcome: (o) => {
          sofar.add(o);
          const now = performance.now();
          if (now - shownAt < PROGRESS_EVERY_MS) return;
          shownAt = now;
          const v = judgeErrorBudget(sofar.summary({ abandoned: 0, durationMs: now - startedAt, stoppedBy: "duration" }), budget);
          printer({ type: "check-progress", id: "load", requests: v.requests, detail: `${v.failed} failed (${percent(v.errorRate)}; budget ${percent(budget)})` });
        },
      },
    });
    printer.idle();
    const verdict = judgeErrorBudget(stats, budget);
    const pace = judgeAchievedRate(stats.requests + stats.abandoned, stats.durationMs, rate);
    // Failures seen are real whatever the pace; a pass at a rate never reached is not a pass.
    const code = !verdict.withinBudget ? ExitCode.Fail : pace.shortfall ? ExitCode.CannotTest : ExitCode.Pass;
    const summary = { target: target.profile.name, url: aim.url, host: aim.host, ...pace, ...verdict, exitCode: code, byStatus: stats.byStatus, byError: stats.byError, byDestination: stats.byDestination, latency: stats.latency, durationMs: stats.durationMs };
    const failedLine = `${verdict.failed} of ${verdict.requests} requests failed (${(verdict.errorRate * 100).toFixed(2)}%; budget ${(budget * 100).toFixed(2)}%)`;
    const paceLine = `at ${pace.achievedRate.toFixed(1)}/s of ${rate}/s asked`;
    process.stderr.write(
      pace.shortfall
        ? `meshcheck load: ${failedLine} ${paceLine}: ${verdict.withinBudget ? "could not test" : "OVER BUDGET"} — the rate fell short by more than ${RATE_MARGIN * 100}% after ${LAG_ALLOWANCE_S} s of lag allowance (a slow target or a busy machine; lower --rate)\n`
        : `meshcheck load: ${failedLine} ${paceLine}: ${verdict.withinBudget ? "within budget" : "OVER BUDGET"}\n`,
    );
    if (v.out !== undefined) {
      const written = await writeFileOrFallback(v.out, `${JSON.stringify(summary, null, 2)}\n`, writeFileAtomic, (l) => process.stderr.write(l));
      if (written.moved) {
        process.stderr.write(`meshcheck load: exit ${ExitCode.OutputMoved} (load: exit ${code}; summary not written where asked)\n`);
        return ExitCode.OutputMoved;
      }
    }
    return code;
  } finally {
    printer.idle();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await sender.close();
    await target.stop();
  }
}
