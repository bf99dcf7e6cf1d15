// From check statuses to the run's verdict and exit code (README "Exit codes"): a failure
// outranks a check that could not decide, which outranks a pass.

import { ExitCode } from "../exit-codes.js";
import type { CheckStatus, RunVerdict } from "../status.js";

export function runVerdict(statuses: CheckStatus[], problems: string[]): { verdict: RunVerdict; exitCode: ExitCode } {
  if (statuses.includes("fail")) return { verdict: "fail", exitCode: ExitCode.Fail };
  if (statuses.some((s) => s === "error" || s === "inconclusive") || problems.length > 0 || statuses.length === 0) {
    return { verdict: "could-not-test", exitCode: ExitCode.CannotTest };
  }
  return { verdict: "pass", exitCode: ExitCode.Pass };
}
