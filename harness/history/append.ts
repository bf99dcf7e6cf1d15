// Appending to the history file: append-only, never rewritten. Each line goes out in a single
// write() on an O_APPEND descriptor, so concurrent runs add whole lines and never interleave.

import { open } from "node:fs/promises";
import { dirname } from "node:path";
import type { HistoryEntry } from "./entry.js";
import { makeDirs } from "../output/paths.js";

/** True when the file is non-empty and its last byte is not a newline (a torn last line). */
async function endsTorn(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return false;
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, size - 1);
    return b[0] !== 0x0a;
  } finally {
    await fh.close();
  }
}

export async function appendHistory(path: string, entry: HistoryEntry): Promise<void> {
  await makeDirs(dirname(path));
  // After a torn last line (a crash mid-append), start on a fresh line so ours stays readable;
  // the torn one is skipped by the reader.
  const line = (await endsTorn(path) ? "\n" : "") + JSON.stringify(entry) + "\n";
  const data = Buffer.from(line, "utf8");
  const fh = await open(path, "a", 0o644);
  try {
    const { bytesWritten } = await fh.write(data, 0, data.length);
    if (bytesWritten !== data.length) throw new Error(`short write to ${path} (${bytesWritten} of ${data.length} bytes)`);
  } finally {
    await fh.close();
  }
}
