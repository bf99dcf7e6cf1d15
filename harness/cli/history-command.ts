// `meshcheck history [--file F] [--last N] [--out FILE] [--with-faults]`: an HTML trend page of
// the last N runs from the append-only history file.

import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { DEFAULT_HISTORY_FILE } from "../history/location.js";
import { readHistory } from "../history/read.js";
import { renderHistoryPage } from "../render/html/history-page.js";
import { writeFileAtomic } from "../report/write.js";
import { writeFileOrFallback } from "../report/write-or-fallback.js";
import { checkOutputFile } from "../output/paths.js";
import { parseFlags } from "./parse-flags.js";
import { knobFlag } from "../knob-flag.js";
import { KNOBS } from "../../spec/knobs.js";

export const DEFAULT_HISTORY_PAGE = "reports/history.html";

export async function historyCommand(args: string[]): Promise<number> {
  const parsed = parseFlags("history", args, { allowPositionals: false, options: { file: { type: "string", default: DEFAULT_HISTORY_FILE }, last: { type: "string" }, out: { type: "string", default: DEFAULT_HISTORY_PAGE }, "with-faults": { type: "boolean", default: false } } });
  const { file, out } = parsed.values;
  const lastRaw = parsed.values.last;
  const last = knobFlag(KNOBS.historyLast, lastRaw);
  await checkOutputFile("history: --out", out);

  let read;
  try {
    read = await readHistory(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`history: cannot read ${file}${code === "ENOENT" ? ": no such file (meshcheck run appends a line per run; see --history)" : `: ${(err as Error).message}`}`);
  }
  for (const w of read.warnings) process.stderr.write(`meshcheck: warning: ${w}\n`);
  const entries = read.entries.slice(-last);
  const written = await writeFileOrFallback(out, renderHistoryPage(entries, file, read.warnings.length, { withFaults: parsed.values["with-faults"] }), writeFileAtomic, (l) => process.stderr.write(l));
  process.stderr.write(`meshcheck: wrote ${written.path} (${entries.length} of ${read.entries.length} runs)\n`);
  return written.moved ? ExitCode.OutputMoved : ExitCode.Pass;
}
