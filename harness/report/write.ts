// Writing reports atomically: a reader (or a crash) never sees half a file.

import { mkdir, rename, writeFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import type { RunReport } from "./types.js";

/** `mode` 0o600 for a file holding secrets (a profile's admin tokens): created so, never widened. */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, content, { mode });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function serializeReport(report: RunReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

/** Writes <dir>/run.json and returns its path. */
export async function writeRunReport(dir: string, report: RunReport): Promise<string> {
  const path = join(dir, "run.json");
  await writeFileAtomic(path, serializeReport(report));
  return path;
}
