// Writes every file rendering of a run beside its run.json. Each file is written atomically
// and independently: one rendering that throws does not stop the others, and never touches
// run.json (the caller wrote it first).

import { join } from "node:path";
import type { RunReport } from "../report/types.js";
import { writeFileAtomic } from "../report/write.js";
import { renderHtmlReport } from "./html/report.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";

export const RENDERINGS: ReadonlyArray<{ file: string; render: (r: RunReport) => string }> = [
  { file: "junit.xml", render: renderJunit },
  { file: "summary.md", render: renderMarkdown },
  { file: "report.html", render: renderHtmlReport },
];

export interface RenderOutcome {
  written: string[];
  /** One line per rendering that failed: "report.html: <message>". */
  failed: string[];
}

export async function writeRenderings(dir: string, report: RunReport): Promise<RenderOutcome> {
  const out: RenderOutcome = { written: [], failed: [] };
  for (const { file, render } of RENDERINGS) {
    const path = join(dir, file);
    try {
      await writeFileAtomic(path, render(report));
      out.written.push(path);
    } catch (err) {
      out.failed.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
