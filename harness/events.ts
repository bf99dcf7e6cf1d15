// What a run reports while it runs. The engine and runner emit these and never print;
// printers (../printers) subscribe. Adding a kind makes the compiler ask every printer for it.

import type { CheckProgress } from "./check-kit/types.js";
import type { CheckResult, RunReport, SkippedCheck } from "./report/types.js";

export type RunEvent =
  | { type: "run-start"; runId: string; target: string; planned: number }
  | { type: "check-skipped"; skipped: SkippedCheck }
  | { type: "check-start"; id: string; description: string }
  | CheckProgress
  | { type: "check-end"; result: CheckResult }
  | { type: "warning"; message: string }
  | { type: "run-end"; report: RunReport };

export type RunListener = (event: RunEvent) => void;
