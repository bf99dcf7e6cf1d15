// Checking where a command will write (--out, --history, --metrics-file) before it sends any
// traffic, so a bad path costs one line and exit 2 instead of the whole run. The checks create
// nothing that outlives them: writability is probed with a temporary directory, removed at once.

import { mkdir, mkdtemp, open, rmdir, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

const PROBE_PREFIX = ".meshcheck-probe-";

/** `what` names the flag in the message, e.g. "--out". Throws UsageError; creates nothing. */
export async function checkOutputDir(what: string, dir: string): Promise<void> {
  await asUsageError(what, dir, () => checkDir(what, dir));
}

async function checkDir(what: string, dir: string): Promise<void> {
  const target = resolve(dir);
  const found = await nearestExisting(target);
  if (found.path === target) {
    if (!found.stats.isDirectory()) throw outputError(what, dir, "is a file, not a directory", "give a directory (it is created if missing), or move the file away");
    const runJson = await statOrUndefined(join(target, "run.json"));
    if (runJson?.isDirectory()) throw outputError(what, dir, `${join(dir, "run.json")} is a directory`, "remove it or choose another directory");
  } else if (!found.stats.isDirectory()) {
    throw outputError(what, dir, `${found.path} is a file, so nothing can be created under it`, "choose a path whose parents are directories");
  }
  await probeWritable(what, dir, found.stats.isDirectory() ? found.path : dirname(found.path));
}

/**
 * A file to write: not a directory, and writable. `appendOnly`: an existing file is appended
 * to in place (history), so its directory need not be writable; otherwise the file is replaced
 * atomically (temp file + rename), which needs its directory writable.
 */
export async function checkOutputFile(what: string, file: string, opts: { appendOnly?: boolean } = {}): Promise<void> {
  await asUsageError(what, file, () => checkFile(what, file, opts.appendOnly === true));
}

async function checkFile(what: string, file: string, appendOnly: boolean): Promise<void> {
  if (/[\\/]$/.test(file)) throw outputError(what, file, "names a directory, not a file", "give a file name, e.g. DIR/name");
  const target = resolve(file);
  const found = await nearestExisting(target);
  if (found.path === target) {
    if (found.stats.isDirectory()) throw outputError(what, file, "is a directory, not a file", "give a file name inside it, e.g. " + join(file, "name"));
    if (!found.stats.isFile()) throw outputError(what, file, "is not a regular file (a device, socket or pipe)", "give a regular file's path");
    try {
      // Opening for append writes nothing; it fails where the file may not be written.
      await (await open(target, "a")).close();
    } catch (err) {
      throw outputError(what, file, `cannot be written (${errnoOf(err)})`, "fix its permissions or choose another file");
    }
    if (!appendOnly) await probeWritable(what, file, dirname(target));
    return;
  }
  if (!found.stats.isDirectory()) throw outputError(what, file, `${found.path} is a file, so nothing can be created under it`, "choose a path whose parents are directories");
  await probeWritable(what, file, found.path);
}

/**
 * mkdir -p that cannot hang: Node's `mkdir(p, { recursive: true })` loops forever on a path
 * such as /proc/x (the kernel answers ENOENT to a directory that can never exist). This walks
 * up once and creates each missing level with a plain mkdir, so it takes at most one call per
 * path segment.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    const s = await statOrUndefined(p);
    if (s?.isDirectory()) break;
    if (s !== undefined) throw Object.assign(new Error(`${p} is a file, not a directory`), { code: "ENOTDIR" });
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      // Another run made it meanwhile: fine, as long as it is a directory.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || !(await statOrUndefined(d))?.isDirectory()) throw err;
    }
  }
}

async function probeWritable(what: string, given: string, dir: string): Promise<void> {
  let probe: string;
  try {
    probe = await mkdtemp(join(dir, PROBE_PREFIX));
  } catch (err) {
    throw outputError(what, given, `cannot create anything in ${dir} (${errnoOf(err)})`, "choose a writable directory");
  }
  await rmdir(probe);
}

/** The path itself or its nearest ancestor that exists (the root always does). */
async function nearestExisting(path: string): Promise<{ path: string; stats: Stats }> {
  let p = path;
  for (;;) {
    const s = await statOrUndefined(p);
    if (s !== undefined) return { path: p, stats: s };
    const parent = dirname(p);
    if (parent === p) throw new UsageError(`cannot find any existing directory above ${path}`);
    p = parent;
  }
}

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the caller finds that file walking up.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/** Any other failure looking at the path (EACCES on a parent, ELOOP, …) is still one line. */
async function asUsageError(what: string, path: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw outputError(what, path, `cannot be checked (${errnoOf(err)})`, "choose a path you can write to");
  }
}

function outputError(what: string, path: string, problem: string, fix: string): UsageError {
  return new UsageError(`${what} ${path}: ${problem} (${fix})`);
}

export function errnoOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? (err instanceof Error ? err.message : String(err));
}
