// What `meshcheck run` does after run.json is on disk: write the renderings beside it and
// append one history line. Neither may cost the report: each failure is a warning line, and
// run.json was written first.

import { dirname, join, relative, sep } from "node:path";
import { ExitCode } from "../exit-codes.js";
import type { RunReport } from "../report/types.js";
import { appendHistory } from "../history/append.js";
import { historyEntry } from "../history/entry.js";
import { writeRenderings } from "./write-renderings.js";

export interface PublishOptions {
  /** Directory of run.json; renderings go beside it. */
  dir: string;
  /** History file to append to; undefined → no history line. */
  historyFile: string | undefined;
  log: (line: string) => void;
}

export async function publishRun(report: RunReport, o: PublishOptions): Promise<void> {
  const rendered = await writeRenderings(o.dir, report);
  for (const f of rendered.failed) o.log(`meshcheck: warning: could not render ${f} (run.json is intact; re-render with meshcheck report)\n`);
  if (rendered.written.length > 0) o.log(`meshcheck: renderings written: ${rendered.written.join(", ")}\n`);
  // A run stopped by a usage error (bad flag, profile or fault) says nothing about the mesh.
  if (o.historyFile === undefined || report.exitCode === ExitCode.Usage) return;
  try {
    // Relative, so the history page's links survive the reports folder being copied or published.
    const reportHtml = relative(dirname(o.historyFile), join(o.dir, "report.html")).split(sep).join("/");
    await appendHistory(o.historyFile, historyEntry(report, reportHtml));
    o.log(`meshcheck: history appended to ${o.historyFile}\n`);
  } catch (err) {
    o.log(`meshcheck: warning: could not append to ${o.historyFile}: ${(err as Error).message}\n`);
  }
}
