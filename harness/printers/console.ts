// The human printer: progress and a summary on stderr.
// - Not a terminal (CI logs, pipes): one plain line per event, and while checks run a
//   progress line whenever none was written for QUIET_MS, so a long check is never silent.
// - A terminal: a status line rewritten in place (fitted to the terminal's width so that the
//   clear erases all of it; ./fit-line.ts), repainted every TICK_MS with the time elapsed.
// Several checks may run at once (the runner's waves): the progress line then names them all,
// "3 running: a (120 requests), b, c (4 s)", and each check's start and end is still its own line.
//
// Why not log-update (or listr2): they redraw a block of lines by counting how many rows the
// previous frame wrapped to, which this one-row status line does not need once it never wraps,
// and they do nothing for the non-terminal case, which is most of this printer. They would also
// take over the cursor (hide it and restore it on exit). Fitting one row plus "\r" and
// erase-line is the whole of the terminal part here.

import type { RunEvent, RunListener } from "../events.js";
import type { RunReport } from "../report/types.js";
import { fitLine } from "./fit-line.js";
import { wallAndCheckTime } from "../report/check-time.js";
import { makeStyle, type Style } from "./style.js";

/** Non-terminal: the longest a running check goes without a line. */
export const QUIET_MS = 5_000;
/** How often the printer looks at the clock while a check runs. */
export const TICK_MS = 1_000;
const DEFAULT_COLUMNS = 80;

/** Where the printer writes: process.stderr, or a fake in tests. */
export interface PrinterStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Read at every repaint, so a resized terminal is followed. */
  columns?: number;
}

export interface Clock {
  now(): number;
  /** Calls `fn` every `ms` until the returned stop is called; must not keep the process alive. */
  every(ms: number, fn: () => void): () => void;
}

const systemClock: Clock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const t = setInterval(fn, ms).unref();
    return () => clearInterval(t);
  },
};

export interface ConsolePrinterOptions {
  stream: PrinterStream;
  color: boolean;
  clock?: Clock;
}

interface Running {
  id: string;
  description: string;
  startedAt: number;
  requests?: number;
  detail?: string;
  counts?: Record<string, number>;
}

/**
 * A run listener; `log` for lines from outside the run (a signal's notice) while it runs;
 * `idle` ends what a check-start began without a result line (a command that is not a run of
 * checks, e.g. `meshcheck load`, borrows the status line).
 */
export type ConsolePrinter = RunListener & { log(text: string): void; idle(): void };

export function createConsolePrinter(opts: ConsolePrinterOptions): ConsolePrinter {
  const { stream } = opts;
  const tty = stream.isTTY === true;
  const clock = opts.clock ?? systemClock;
  const style = makeStyle(opts.color);
  // The checks running now, in the order they started.
  const running = new Map<string, Running>();
  let stopTicking: (() => void) | undefined;
  let live = false;
  let lastLineAt = clock.now();

  const clearLive = () => {
    if (live) {
      stream.write("\r\x1b[2K");
      live = false;
    }
  };
  const paintLive = () => {
    if (running.size === 0) return;
    clearLive();
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS;
    stream.write(style.dim(fitLine(`  …    ${describeAll([...running.values()], clock.now())}`, columns)));
    live = true;
  };
  const line = (text: string) => {
    clearLive();
    stream.write(text + "\n");
    lastLineAt = clock.now();
    if (tty) paintLive();
  };
  const progressLine = () => {
    if (running.size > 0) line(`  …    ${describeAll([...running.values()], clock.now())}`);
  };
  const stopTicker = () => {
    stopTicking?.();
    stopTicking = undefined;
  };
  const stopRunning = () => {
    stopTicker();
    running.clear();
    clearLive();
  };
  // One ticker while any check runs; a check's end takes only its own entry away.
  const endRunning = (id: string) => {
    running.delete(id);
    if (running.size === 0) stopTicker();
    clearLive();
  };
  const tick = () => {
    if (tty) paintLive();
    else if (clock.now() - lastLineAt >= QUIET_MS) progressLine();
  };

  // Written as is, such a line would land at the end of the status line's row.
  const log = (text: string) => {
    clearLive();
    stream.write(text);
    lastLineAt = clock.now();
    if (tty) paintLive();
  };

  const listener = (event: RunEvent) => {
    switch (event.type) {
      case "run-start":
        line(`meshcheck: run ${event.runId} against ${event.target}: ${event.planned} checks`);
        return;
      case "check-skipped":
        line(`  ${style.status("skipped", "SKIP")} ${event.skipped.check}: ${event.skipped.reason}`);
        return;
      case "check-start":
        running.delete(event.id);
        running.set(event.id, { id: event.id, description: event.description, startedAt: clock.now() });
        if (tty) paintLive();
        else line(`  …    ${event.id}: ${event.description}`);
        stopTicking ??= clock.every(TICK_MS, tick);
        return;
      case "check-progress": {
        let r = running.get(event.id);
        if (r === undefined) {
          r = { id: event.id, description: "", startedAt: clock.now() };
          running.set(event.id, r);
          stopTicking ??= clock.every(TICK_MS, tick);
        }
        r.requests = event.requests;
        r.detail = event.detail;
        r.counts = event.counts;
        if (tty) paintLive();
        else if (clock.now() - lastLineAt >= QUIET_MS) progressLine();
        return;
      }
      case "check-end": {
        endRunning(event.result.id);
        const r = event.result;
        const tag = style.status(r.status, r.status.toUpperCase().padEnd(4));
        // The API the target was stated in (VirtualService or HTTPRoute), one word after its name.
        const api = r.api ? ` ${r.api}` : "";
        line(`  ${tag} ${r.id}${api} ${style.dim(`(${r.requests} req, ${formatMs(r.durationMs)})`)}: ${r.summary}`);
        return;
      }
      case "warning":
        line(`meshcheck: warning: ${event.message}`);
        return;
      case "run-end":
        stopRunning();
        line(formatSummary(event.report, style));
        return;
      default: {
        const never: never = event;
        throw new Error(`unhandled event ${JSON.stringify(never)}`);
      }
    }
  };
  return Object.assign(listener, { log, idle: stopRunning });
}

/** One check as describeRunning says it; several as "3 running: a (530 requests), b, c (4 s)", the time the longest-running one's. */
function describeAll(rs: Running[], now: number): string {
  if (rs.length === 1) return describeRunning(rs[0]!, now);
  const longest = Math.min(...rs.map((r) => r.startedAt));
  const each = rs.map((r) => (r.requests === undefined ? r.id : `${r.id} (${r.requests} requests)`));
  return `${rs.length} running: ${each.join(", ")} (${Math.floor((now - longest) / 1000)} s)`;
}

/** "canary-split/c: 530 requests, answers v1 470, v2 60 (4 s)"; before any progress, the description. */
function describeRunning(r: Running, now: number): string {
  const elapsed = `${Math.floor((now - r.startedAt) / 1000)} s`;
  if (r.requests === undefined) return `${r.id}: ${r.description} (${elapsed})`;
  const detail = r.counts !== undefined ? `${r.detail} ${formatCounts(r.counts)}` : r.detail;
  return `${r.id}: ${r.requests} requests${detail ? `, ${detail}` : ""} (${elapsed})`;
}

/**
 * Outcome counts for people, by name (not by which answered first, so a destination keeps its
 * place from one repaint to the next): `dest:v1` is the destination `v1`; nothing is "none".
 */
export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).map(([k, n]) => [k.startsWith("dest:") ? k.slice(5) : k, n] as const);
  if (entries.length === 0) return "none";
  return entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatSummary(report: RunReport, style: Style = makeStyle(false)): string {
  const c = report.counts;
  const parts = [
    style.count("pass", c.pass, `${c.pass} passed`),
    style.count("fail", c.fail, `${c.fail} failed`),
    style.count("error", c.error, `${c.error} errors`),
    style.count("inconclusive", c.inconclusive, `${c.inconclusive} inconclusive`),
    style.count("skipped", c.skipped, `${c.skipped} skipped`),
  ];
  const verdict = report.verdict === "pass" ? style.status("pass", "PASS") : report.verdict === "fail" ? style.status("fail", "FAIL") : style.status("error", "COULD NOT TEST");
  const lines = [`meshcheck: ${style.bold(verdict)} — ${parts.join(", ")}: ${wallAndCheckTime(report, formatMs)} (exit ${report.exitCode})`];
  for (const p of report.problems) lines.push(`meshcheck: ${p}`);
  return lines.join("\n");
}
