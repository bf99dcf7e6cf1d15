// Preflight before traffic: `meshcheck run` refuses a configuration with errors, so a broken
// manifest is reported as what it is (exit 2, file:line) rather than as failing checks.
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";
import { displayPath } from "./collect.js";
import { errorsIn, formatFinding, preflight } from "./run.js";

/** The configuration both the local mesh and the kind cluster are made from. */
export const DEFAULT_PREFLIGHT_DIR = fileURLToPath(new URL("../../kind/", import.meta.url));

/** Writes every finding; throws UsageError when any is an error. */
export function preflightGate(dir: string, write: (line: string) => void): void {
  const findings = preflight(dir);
  const shown = displayPath(dir);
  for (const f of findings) write(`${formatFinding(f)}\n`);
  const errors = errorsIn(findings);
  if (errors.length > 0) {
    throw new UsageError(`preflight found ${errors.length} configuration error(s) in ${shown} (listed above); fix them, then check with: meshcheck preflight ${shown}`);
  }
}
