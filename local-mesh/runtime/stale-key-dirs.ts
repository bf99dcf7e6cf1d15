// Key directories left behind by a local mesh that was killed (kill -9 skips dispose()). Each
// directory's name carries the pid that made it; at the next start, directories of ours (our
// prefix, our uid, a real directory, not a link) whose pid is no longer running are removed.
// A directory of a live process, another user's, or one without a pid in its name is left alone.

import { lstat, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const KEY_DIR_PREFIX = "meshcheck-keys-";
/** `meshcheck-keys-<pid>-` + mkdtemp's six characters. */
const NAME = new RegExp(`^${KEY_DIR_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

/** The mkdtemp prefix for this process's key directory. */
export function keyDirPrefix(root: string = tmpdir()): string {
  return join(root, `${KEY_DIR_PREFIX}${process.pid}-`);
}

/** Removes stale key directories under `root`; returns the ones removed. Never throws. */
export async function removeStaleKeyDirs(root: string = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    const path = join(root, name);
    try {
      const s = await lstat(path);
      if (!s.isDirectory() || (process.getuid !== undefined && s.uid !== process.getuid())) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
