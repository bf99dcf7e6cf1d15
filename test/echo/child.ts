// Runs a node child process and watches its stderr, for tests of the echo's entry points.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { TEST_ADMIN_TOKEN } from "./helpers.js";

export interface Child {
  proc: ChildProcess;
  stderr: () => string;
  /** Resolves with the first stderr line matching `re`. */
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** Spawns `node ...args` with only PATH and `env` in its environment. */
export function runNode(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (chunk: string) => {
    text += chunk;
    for (const w of [...waiters]) {
      const m = w.re.exec(text);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = once(proc, "exit").then(([code]) => code as number | null);
  return {
    proc,
    stderr: () => text,
    exited,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const m = re.exec(text);
        if (m) return resolve(m);
        waiters.push({ re, resolve });
        void exited.then((code) => reject(new Error(`echo exited (${code}) before /${re.source}/; stderr: ${text}`)));
      }),
  };
}

/** A valid echo environment on loopback with OS-chosen ports. */
export const GOOD_ENV: Record<string, string> = {
  VERSION: "prod",
  SERVICE_NAME: "workshop-app",
  POD_NAME: "workshop-app-prod-0",
  POD_NAMESPACE: "workshop-app",
  HOST: "127.0.0.1",
  PORT: "0",
  ADMIN_PORT: "0",
  SHUTDOWN_GRACE_MS: "5000",
  // The same token the in-process test echoes use, so postForward works against either.
  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
};
