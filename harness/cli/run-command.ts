// `meshcheck run`: validate everything, resolve the target, run the selected checks, write the
// run report (atomically — also when the run was cut short or the target could not be
// started). A usage error (exit 2) is found before anything is created and creates nothing.

import { join } from "node:path";
import { parseRunArgs } from "./run-args.js";
import { ALL_CHECKS } from "../features/registry.js";
import { validateSelection } from "../runner/select.js";
import { newRunId, runChecks } from "../runner/run-checks.js";
import { resolveTarget, type ResolvedTarget } from "../targets/resolve.js";
import { MeshcheckError } from "../errors.js";
import { serializeReport } from "../report/write.js";
import { writeRunReportOrFallback } from "../report/write-or-fallback.js";
import { checkRunOutputs } from "../output/check-run-outputs.js";
import { ExitCode } from "../exit-codes.js";
import { failedRunReport } from "../report/failed-run.js";
import { createConsolePrinter } from "../printers/console.js";
import { colorWanted } from "../printers/style.js";
import { DEFAULT_TIMING } from "../timing.js";
import type { RunReport } from "../report/types.js";
import { deliverMetrics, exitCodeAfterDelivery } from "../metrics/deliver.js";
import { publishRun } from "../render/publish-run.js";
import { historyFileFor } from "../history/location.js";
import { DEFAULT_PREFLIGHT_DIR, preflightGate } from "../preflight/gate.js";
import { RunProgress } from "../runner/run-progress.js";
import { watchInterrupts } from "./interrupts.js";

export async function runCommand(args: string[]): Promise<number> {
  const a = parseRunArgs(args);
  const selection = { checks: a.checks, features: a.features };
  validateSelection(ALL_CHECKS, selection);

  const runId = newRunId();
  const outDir = a.out ?? join("reports", runId);
  const stderr = process.stderr;
  const historyFile = a.noHistory ? undefined : historyFileFor(a.out, a.history);
  // Before any traffic: a path that cannot be written is exit 2 now, not a lost run later.
  await checkRunOutputs({ outDir, historyFile, metricsFile: a.metrics.file }, a.out);
  const log = (l: string) => stderr.write(l);
  const listener = createConsolePrinter({ stream: stderr, color: colorWanted(stderr) });
  const targetInfo = { name: a.target, source: a.target === "local" || a.target === "kind" ? a.target : "file", faults: a.faults };

  const controller = new AbortController();
  // Ctrl-C/SIGTERM: ./interrupts.ts (a partial report either way, exit 3).
  const progress = new RunProgress();
  Object.assign(progress, { runId, target: targetInfo, settings: { stats: a.stats, timing: DEFAULT_TIMING, selection, concurrency: a.concurrency } });
  const interrupts = watchInterrupts({ controller, progress, outDir, log: listener.log });

  let resolved: ResolvedTarget | undefined;
  let report: RunReport;
  try {
    try {
      // Both are made from kind/: a configuration error there is exit 2 with file:line, before any traffic.
      if (a.target === "local" || a.target === "kind") preflightGate(a.manifests ?? DEFAULT_PREFLIGHT_DIR, (line) => stderr.write(line));
      // Resolving is the last validation: the profile file, the manifests, the faults.
      resolved = await resolveTarget(a.target, a.faults, a.manifests);
    } catch (err) {
      // A usage error (exit 2: flags, faults, profile, manifests, preflight) creates nothing — no
      // run directory, history line or metrics: the run never was. Any other failure to start
      // is a run that could not test, and is recorded as one.
      if (err instanceof MeshcheckError && err.exitCode !== ExitCode.Usage) {
        const failed = failedRunReport({ runId, target: targetInfo, stats: a.stats, timing: DEFAULT_TIMING, selection, problem: err.message, exitCode: err.exitCode });
        const written = await writeRunReportOrFallback(outDir, failed, log);
        await publishRun(failed, { dir: written.dir, historyFile, log });
        if (a.json) process.stdout.write(serializeReport(failed));
        // Dashboards must see a run that never started too (no serving: the error ends the command).
        await deliverMetrics(failed, { ...a.metrics, port: undefined }, { reportPath: written.path, log });
      }
      throw err;
    }
    report = await runChecks({
      profile: resolved.profile,
      target: { ...targetInfo, name: resolved.profile.name, source: resolved.source },
      checks: ALL_CHECKS,
      selection,
      stats: a.stats,
      timing: { ...DEFAULT_TIMING, ...resolved.timing },
      concurrency: a.concurrency,
      listener,
      signal: controller.signal,
      runId,
      progress,
    });
  } finally {
    await resolved?.stop();
  }

  const written = await writeRunReportOrFallback(outDir, report, log);
  interrupts.reportWritten();
  if (!written.moved) stderr.write(`meshcheck: report written to ${written.path}
`);
  await publishRun(report, { dir: written.dir, historyFile, log });
  // Metrics serving (--metrics-port) waits for its own Ctrl-C; otherwise a signal from here on exits 3.
  if (a.metrics.port !== undefined) interrupts.dispose();
  if (a.json) process.stdout.write(serializeReport(report));
  // After the report is on disk: a delivery that fails can cost the exit code, never the report.
  const delivered = await deliverMetrics(report, a.metrics, { reportPath: written.path, log });
  // A report that is not where it was asked for outranks every other code: a script reading
  // --out must learn that it is elsewhere (the line above says where).
  const code = written.moved ? ExitCode.OutputMoved : exitCodeAfterDelivery(report.exitCode, delivered);
  // The summary line gave the checks' exit code; say so when delivery or the fallback changed it.
  if (code !== report.exitCode) stderr.write(`meshcheck: exit ${code} (checks: exit ${report.exitCode}; ${written.moved ? "report not written where asked" : "metrics not delivered"})\n`);
  return code;
}
