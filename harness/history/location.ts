// Where a run's history line goes: beside the run directories. Without --out, runs land in
// reports/<run-id>/ and history in reports/history.jsonl; with --out DIR, in DIR/../history.jsonl
// (so `--out reports/nightly/<date>` keeps reports/nightly/history.jsonl). --history FILE wins.

import { dirname, join } from "node:path";

export const DEFAULT_HISTORY_FILE = "reports/history.jsonl";

export function historyFileFor(outDir: string | undefined, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  if (outDir === undefined) return DEFAULT_HISTORY_FILE;
  return join(dirname(outDir), "history.jsonl");
}
