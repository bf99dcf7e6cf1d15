// Reading the history file. An append-only file may end in a torn line (a crash mid-append)
// or hold a line from a future version: such lines are skipped with a warning naming the line
// number, never fatal.

import { readFile } from "node:fs/promises";
import { HISTORY_VERSION, type HistoryEntry } from "./entry.js";

export interface HistoryRead {
  entries: HistoryEntry[];
  /** "history.jsonl:7: skipped: …" per line that could not be read. */
  warnings: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entryProblem(v: unknown): string | undefined {
  if (!isRecord(v)) return "not a JSON object";
  if (v.v !== HISTORY_VERSION) return `version ${JSON.stringify(v.v)} (this meshcheck reads ${HISTORY_VERSION})`;
  for (const f of ["runId", "time", "target", "verdict"]) if (typeof v[f] !== "string") return `${f} missing`;
  for (const f of ["checks", "canary", "latency"]) if (!isRecord(v[f])) return `${f} missing`;
  if (!Array.isArray(v.faults)) return "faults missing";
  // A relative path only: the history page links it, so a URL with a scheme (javascript:) is refused.
  if (v.report !== undefined && (typeof v.report !== "string" || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(v.report))) return "report is not a relative path";
  return undefined;
}

export function parseHistory(text: string, name: string): HistoryRead {
  const out: HistoryRead = { entries: [], warnings: [] };
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      out.warnings.push(`${name}:${i + 1}: skipped: not JSON (a torn or hand-edited line)`);
      return;
    }
    const problem = entryProblem(v);
    if (problem) out.warnings.push(`${name}:${i + 1}: skipped: ${problem}`);
    else out.entries.push(v as HistoryEntry);
  });
  return out;
}

/** Reads the whole file; ENOENT and other read errors are the caller's to report. */
export async function readHistory(path: string): Promise<HistoryRead> {
  return parseHistory(await readFile(path, "utf8"), path);
}
