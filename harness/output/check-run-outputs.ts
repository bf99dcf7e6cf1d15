// `meshcheck run`'s outputs, checked before any traffic: the report directory, the history
// file and the metrics file. A path that cannot be written is exit 2 and one line now, not an
// error after minutes of checks.

import { checkOutputDir, checkOutputFile } from "./paths.js";

export interface RunOutputs {
  /** The report directory (--out, or reports/<run-id>). */
  outDir: string;
  /** The history file, unless --no-history. */
  historyFile?: string;
  /** --metrics-file. */
  metricsFile?: string;
}

export async function checkRunOutputs(o: RunOutputs, outFlag: string | undefined): Promise<void> {
  await checkOutputDir(outFlag === undefined ? "report directory" : "--out", o.outDir);
  if (o.historyFile !== undefined) await checkOutputFile("--history", o.historyFile, { appendOnly: true });
  if (o.metricsFile !== undefined) await checkOutputFile("--metrics-file", o.metricsFile);
}
