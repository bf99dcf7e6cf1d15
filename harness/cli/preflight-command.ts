// `meshcheck preflight [DIR]`: static analysis of the mesh configuration (default kind/), no
// cluster needed. Findings go to stdout, one per line as `file:line: severity: rule: message`;
// exit 0 when no finding is an error, 2 when one is (a configuration error, the same code
// `meshcheck run` gives for it) or on bad input.
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { DEFAULT_PREFLIGHT_DIR } from "../preflight/gate.js";
import { displayPath } from "../preflight/collect.js";
import { PreflightInputError, errorsIn, formatFinding, preflight } from "../preflight/run.js";
import { parseFlags } from "./parse-flags.js";

export async function preflightCommand(args: string[]): Promise<number> {
  const { positionals } = parseFlags("preflight", args, { allowPositionals: true, options: {} }, "usage: meshcheck preflight [DIR]");
  if (positionals.length > 1) throw new UsageError(`preflight: one directory at most, got ${positionals.length} (usage: meshcheck preflight [DIR])`);
  const dir = positionals[0] ?? DEFAULT_PREFLIGHT_DIR;
  let findings;
  try {
    findings = preflight(dir);
  } catch (err) {
    if (err instanceof PreflightInputError) throw new UsageError(`preflight: ${err.message}`);
    throw err;
  }
  for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
  const errors = errorsIn(findings).length;
  const warnings = findings.length - errors;
  process.stderr.write(`meshcheck preflight ${displayPath(dir)}: ${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? ExitCode.Usage : ExitCode.Pass;
}
