// The run's wall time beside the sum of its checks' own times: when checks run at once the
// second is larger, and the pair says how much running them together saved.

import type { RunReport } from "./types.js";

/** The sum of every check result's durationMs. */
export function checkTimeMs(report: Pick<RunReport, "checks">): number {
  return report.checks.reduce((sum, c) => sum + c.durationMs, 0);
}

/** "15 checks in 6.1 s; 21.3 s of check time", with the caller's way of writing a duration. */
export function wallAndCheckTime(report: Pick<RunReport, "checks" | "durationMs">, ms: (n: number) => string): string {
  const n = report.checks.length;
  return `${n} check${n === 1 ? "" : "s"} in ${ms(report.durationMs)}; ${ms(checkTimeMs(report))} of check time`;
}
