// Ctrl-C and SIGTERM during `meshcheck run`:
// - the first stops the run: every check in progress is stopped (its requests aborted) and
//   recorded as interrupted, no further check starts, and the partial report is written as
//   usual: exit 3. Should that not be done within GRACE_MS, it is cut short as below.
// - a second (or the grace running out) writes the report of what the run has so far,
//   synchronously, and exits 3 at once.
// (README "Exit codes".)

import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { ExitCode } from "../exit-codes.js";
import { serializeReport } from "../report/write.js";
import type { RunProgress } from "../runner/run-progress.js";

/** How long the first signal gives the run to finish and write its report. */
export const GRACE_MS = 10_000;

export interface Interrupts {
  /** The normal path wrote the report: a later cut-short only exits. */
  reportWritten(): void;
  /** Stop listening (the run is over; what follows handles its own signals). */
  dispose(): void;
}

export function watchInterrupts(o: {
  controller: AbortController;
  progress: RunProgress;
  outDir: string;
  log: (line: string) => void;
  graceMs?: number;
  exit?: (code: number) => never;
}): Interrupts {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const graceMs = o.graceMs ?? GRACE_MS;
  let written = false;
  let grace: NodeJS.Timeout | undefined;

  const cutShort = (why: string): never => {
    if (written) o.log(`meshcheck: ${why}; the report was already written\n`);
    else {
      try {
        const report = o.progress.report([`${why}: the report holds the checks finished so far`], true);
        const path = writeNow(o.outDir, serializeReport(report));
        o.log(`meshcheck: ${why}; partial report written to ${path}\n`);
      } catch (err) {
        o.log(`meshcheck: ${why}; could not write the partial report: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    return exit(ExitCode.CannotTest);
  };

  const onSignal = (name: NodeJS.Signals): void => {
    if (o.controller.signal.aborted) {
      cutShort(`${name} again`);
      return;
    }
    o.log(`meshcheck: ${name}: stopping the running checks and writing a partial report (again to quit at once)\n`);
    o.controller.abort();
    // Unref'd: a run that ends in time exits without waiting for it.
    grace = setTimeout(() => cutShort(`the run did not stop within ${graceMs} ms of ${name}`), graceMs).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    reportWritten: () => {
      written = true;
    },
    dispose: () => {
      clearTimeout(grace);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** Synchronous and atomic: there is no event loop left to wait on when the process is leaving. */
function writeNow(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "run.json");
  const tmp = join(dir, `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}
