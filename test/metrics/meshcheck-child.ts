// The meshcheck command as a user runs it: a child process, NO_COLOR, exit code and both streams.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * A deadline so that nothing hangs, not a timing margin: a whole `meshcheck run` on the local mesh
 * took over 60 s on a 2-core machine loaded by other work (the suite in parallel workers, or
 * anything else), and a killed child leaves no report to compare.
 */
const CHILD_DEADLINE_MS = 240_000;

export const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

export function meshcheck(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: CHILD_DEADLINE_MS }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A long-running meshcheck (e.g. --metrics-port); the caller stops it. */
export function spawnMeshcheck(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, stderr: () => err, exited };
}
