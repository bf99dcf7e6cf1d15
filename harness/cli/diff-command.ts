// `meshcheck diff BEFORE.json AFTER.json [--alpha A] [--json]`: what changed between two
// runs (e.g. before and after an Istio upgrade). Exit 1 on a regression, 3 when nothing could be
// compared (e.g. the after-run tested nothing), 0 otherwise.

import { UsageError } from "../errors.js";
import { diffExitCode, diffReports } from "../diff/compare.js";
import { formatDiff } from "../diff/format.js";
import { loadRunReport } from "../render/load-report.js";
import { parseFlags } from "./parse-flags.js";
import { knobFlag } from "../knob-flag.js";
import { KNOBS } from "../../spec/knobs.js";

export async function diffCommand(args: string[]): Promise<number> {
  const parsed = parseFlags("diff", args, { allowPositionals: true, options: { alpha: { type: "string" }, json: { type: "boolean", default: false } } });
  const [beforePath, afterPath, ...extra] = parsed.positionals;
  if (beforePath === undefined || afterPath === undefined || extra.length > 0) {
    throw new UsageError("diff: give two run reports: meshcheck diff BEFORE.json AFTER.json [--alpha A] [--json]");
  }
  const alpha = knobFlag(KNOBS.diffAlpha, parsed.values.alpha);
  const before = await loadRunReport(beforePath, "diff");
  const after = await loadRunReport(afterPath, "diff");
  const result = diffReports(before, after, alpha !== undefined ? { alpha } : {});
  process.stderr.write(formatDiff(result));
  if (parsed.values.json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  return diffExitCode(result);
}
