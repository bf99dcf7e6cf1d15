// Reading a run.json back for `report` and `diff`: a missing file, bad JSON or a document that
// is not a RunReport of a known apiVersion is one UsageError line naming the file and the
// first bad field — never a stack trace from deep inside a renderer.

import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { EVIDENCE_KINDS } from "../features/registry.js";
import { REPORT_API_VERSION, REPORT_KIND, type RunReport } from "../report/types.js";

const STATUSES = new Set(["pass", "fail", "inconclusive", "error"]);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The first field that keeps `doc` from being a RunReport the renderers can read, or undefined. */
export function runReportProblem(doc: unknown): string | undefined {
  if (!isObject(doc)) return "the document is not a JSON object";
  if (doc.apiVersion !== REPORT_API_VERSION) return `apiVersion is ${JSON.stringify(doc.apiVersion)}, this meshcheck reads ${REPORT_API_VERSION}`;
  if (doc.kind !== REPORT_KIND) return `kind is ${JSON.stringify(doc.kind)}, expected ${REPORT_KIND}`;
  for (const f of ["runId", "startedAt", "verdict"]) if (typeof doc[f] !== "string") return `${f} is missing or not a string`;
  if (typeof doc.durationMs !== "number") return "durationMs is missing or not a number";
  if (!isObject(doc.target) || typeof doc.target.name !== "string" || !Array.isArray(doc.target.faults)) return "target is missing name or faults";
  if (!isObject(doc.settings) || !isObject(doc.settings.stats)) return "settings.stats is missing";
  if (!isObject(doc.counts)) return "counts is missing";
  if (!Array.isArray(doc.checks)) return "checks is not an array";
  if (!Array.isArray(doc.skipped)) return "skipped is not an array";
  if (!Array.isArray(doc.problems)) return "problems is not an array";
  for (const [i, c] of doc.checks.entries()) {
    const at = `checks[${i}]`;
    if (!isObject(c)) return `${at} is not an object`;
    if (typeof c.id !== "string") return `${at}.id is missing`;
    if (typeof c.status !== "string" || !STATUSES.has(c.status)) return `${at}.status ${JSON.stringify(c.status)} is not one of ${[...STATUSES].join(", ")}`;
    if (!isObject(c.evidence) || typeof c.evidence.kind !== "string" || !EVIDENCE_KINDS.has(c.evidence.kind)) return `${at}.evidence.kind is missing or unknown`;
    if (c.evidence.kind === "canary" && (!isObject(c.evidence.proportion) || !Array.isArray(c.evidence.proportion.destinations))) return `${at}.evidence.proportion.destinations is missing`;
    if (!isObject(c.traffic) || !isObject(c.traffic.latency)) return `${at}.traffic.latency is missing`;
  }
  return undefined;
}

/** Reads and checks a run.json; `what` prefixes the error ("report", "diff"). */
export async function loadRunReport(path: string, what: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${what}: cannot read ${path}${code === "ENOENT" ? ": no such file" : `: ${(err as Error).message}`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what}: ${path} is not JSON (${(err as Error).message})`);
  }
  const problem = runReportProblem(doc);
  if (problem) throw new UsageError(`${what}: ${path} is not a meshcheck run report: ${problem}`);
  return doc as RunReport;
}
