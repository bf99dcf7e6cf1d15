import type { CheckStatus, RunVerdict } from "../status.js";
// Words and colours for statuses and verdicts, one table for every rendering.


export const STATUS_LABEL: Record<CheckStatus | "skipped", string> = {
  pass: "PASS",
  fail: "FAIL",
  error: "ERROR",
  inconclusive: "INCONCLUSIVE",
  skipped: "SKIPPED",
};

export const VERDICT_LABEL: Record<RunVerdict, string> = {
  pass: "PASS",
  fail: "FAIL",
  "could-not-test": "COULD NOT TEST",
};

/** Colour-blind-safe-ish palette (Okabe–Ito) for statuses. */
export const STATUS_COLOR: Record<CheckStatus | "skipped" | "absent", string> = {
  pass: "#009e73",
  fail: "#d55e00",
  error: "#cc79a7",
  inconclusive: "#e69f00",
  skipped: "#999999",
  absent: "#eeeeee",
};

/** Series colours for destinations, by index in the weights (Okabe–Ito). */
const SERIES = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];

export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length] ?? "#000000";
}
