// Writing run.json where the user asked, or — when that fails after the checks ran — to a fresh
// directory under the system temp dir, so the run is never lost. The caller prints nothing
// extra: the returned `moved` says what happened, and the log line says where.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errnoOf } from "../output/paths.js";
import type { RunReport } from "./types.js";
import { writeRunReport } from "./write.js";

export interface WrittenReport {
  /** run.json's path. */
  path: string;
  /** The directory it is in (the renderings go beside it). */
  dir: string;
  /** Set when the report is not where it was asked for. */
  moved?: { from: string; reason: string };
}

export const FALLBACK_PREFIX = "meshcheck-report-";

export async function writeRunReportOrFallback(dir: string, report: RunReport, log: (line: string) => void): Promise<WrittenReport> {
  try {
    return { path: await writeRunReport(dir, report), dir };
  } catch (err) {
    const reason = errnoOf(err);
    const fallback = await mkdtemp(join(tmpdir(), `${FALLBACK_PREFIX}${report.runId}-`));
    const path = await writeRunReport(fallback, report);
    log(`meshcheck: could not write the report to ${dir} (${reason}); wrote it to ${path} instead\n`);
    return { path, dir: fallback, moved: { from: dir, reason } };
  }
}

/** A generic text file (history page, load summary): same rule, one file. */
export async function writeFileOrFallback(
  file: string,
  content: string,
  write: (path: string, content: string) => Promise<void>,
  log: (line: string) => void,
): Promise<{ path: string; moved: boolean }> {
  try {
    await write(file, content);
    return { path: file, moved: false };
  } catch (err) {
    const dir = await mkdtemp(join(tmpdir(), FALLBACK_PREFIX));
    const path = join(dir, file.split(/[\\/]/).filter(Boolean).pop() ?? "output");
    await write(path, content);
    log(`meshcheck: could not write ${file} (${errnoOf(err)}); wrote it to ${path} instead\n`);
    return { path, moved: true };
  }
}
