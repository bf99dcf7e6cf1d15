// `meshcheck report RUN.json|RUN-DIR [--out DIR]`: re-render junit.xml, summary.md and
// report.html from a run report (by default beside it).

import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { loadRunReport } from "../render/load-report.js";
import { writeRenderings } from "../render/write-renderings.js";
import { parseFlags } from "./parse-flags.js";
import { checkOutputDir } from "../output/paths.js";

export async function reportCommand(args: string[]): Promise<number> {
  const parsed = parseFlags("report", args, { allowPositionals: true, options: { out: { type: "string" } } });
  const [given, ...extra] = parsed.positionals;
  if (given === undefined || extra.length > 0) throw new UsageError("report: give exactly one run report: meshcheck report RUN.json [--out DIR]");
  // A run directory (reports/<run-id>) means the run.json inside it.
  const file = statSync(given, { throwIfNoEntry: false })?.isDirectory() ? join(given, "run.json") : given;
  const report = await loadRunReport(file, "report");
  const out = parsed.values.out ?? dirname(file);
  await checkOutputDir(parsed.values.out === undefined ? "report: the run's directory" : "report: --out", out);
  const outcome = await writeRenderings(out, report);
  for (const p of outcome.written) process.stderr.write(`meshcheck: wrote ${p}\n`);
  for (const f of outcome.failed) process.stderr.write(`meshcheck: report: could not write ${f}\n`);
  return outcome.failed.length > 0 ? ExitCode.Usage : ExitCode.Pass;
}
