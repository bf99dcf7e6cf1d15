// The human printer: progress and a summary on stderr. On a TTY a live status line is
// rewritten in place; otherwise one plain line per event, which reads well in CI logs.

import type { RunEvent, RunListener } from "../events.js";
import type { RunReport } from "../report/types.js";
import { makeStyle, type Style } from "./style.js";

export interface ConsolePrinterOptions {
  write: (text: string) => void;
  tty: boolean;
  color: boolean;
}

export function createConsolePrinter(opts: ConsolePrinterOptions): RunListener {
  const style = makeStyle(opts.color);
  let live = false;
  const clearLive = () => {
    if (live) {
      opts.write("\r\x1b[2K");
      live = false;
    }
  };
  const line = (text: string) => {
    clearLive();
    opts.write(text + "\n");
  };

  return (event: RunEvent) => {
    switch (event.type) {
      case "run-start":
        line(`meshcheck: run ${event.runId} against ${event.target}: ${event.planned} checks`);
        return;
      case "check-skipped":
        line(`  ${style.status("skipped", "SKIP")} ${event.skipped.check}: ${event.skipped.reason}`);
        return;
      case "check-start":
        if (opts.tty) {
          clearLive();
          opts.write(style.dim(`  …    ${event.id}: ${event.description}`));
          live = true;
        }
        return;
      case "check-progress":
        if (opts.tty) {
          clearLive();
          opts.write(style.dim(`  …    ${event.id}: ${event.requests} requests ${event.detail}`));
          live = true;
        }
        return;
      case "check-end": {
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
        line(formatSummary(event.report, style));
        return;
      default: {
        const never: never = event;
        throw new Error(`unhandled event ${JSON.stringify(never)}`);
      }
    }
  };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatSummary(report: RunReport, style: Style = makeStyle(false)): string {
  const c = report.counts;
  const parts = [
    style.status("pass", `${c.pass} passed`),
    style.status("fail", `${c.fail} failed`),
    style.status("error", `${c.error} errors`),
    style.status("inconclusive", `${c.inconclusive} inconclusive`),
    style.status("skipped", `${c.skipped} skipped`),
  ];
  const verdict = report.verdict === "pass" ? style.status("pass", "PASS") : report.verdict === "fail" ? style.status("fail", "FAIL") : style.status("error", "COULD NOT TEST");
  const lines = [`meshcheck: ${style.bold(verdict)} — ${parts.join(", ")} in ${formatMs(report.durationMs)} (exit ${report.exitCode})`];
  for (const p of report.problems) lines.push(`meshcheck: ${p}`);
  return lines.join("\n");
}
