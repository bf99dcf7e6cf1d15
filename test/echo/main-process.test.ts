import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { forwardOk, listenHttp } from "./fixtures.js";
import { get } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../apps/echo/src/main.ts", import.meta.url));

interface Child {
  proc: ChildProcess;
  stderr: () => string;
  /** Resolves with the first stderr line matching `re`. */
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function runMain(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", MAIN], {
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

const GOOD_ENV = {
  VERSION: "prod",
  SERVICE_NAME: "workshop-app",
  POD_NAME: "workshop-app-prod-0",
  POD_NAMESPACE: "workshop-app",
  HOST: "127.0.0.1",
  PORT: "0",
  ADMIN_PORT: "0",
  SHUTDOWN_GRACE_MS: "5000",
};

describe("echo main.ts as a process", () => {
  it("serves from env, drains on SIGTERM with a request in flight, and exits 0", async () => {
    let release!: () => void;
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const target = await listenHttp((_req, res) => {
      arrived();
      void held.then(() => res.end("finished after SIGTERM"));
    });
    const child = runMain(GOOD_ENV);
    try {
      const m = await child.waitFor(/listening port=(\d+) adminPort=(\d+)/);
      const port = Number(m[1]);
      const adminPort = Number(m[2]);

      const hello = await get(port, "/");
      assert.equal(hello.status, 200);
      assert.equal(hello.headers["x-version"], "prod");
      assert.equal((JSON.parse(hello.text) as { pod: string }).pod, "workshop-app-prod-0");

      // A forward held open by the target is a request in flight we can see arrive.
      const forwarding = forwardOk(adminPort, { url: `http://127.0.0.1:${target.port}/`, count: 1, timeoutMs: 10_000 });
      await reached;
      child.proc.kill("SIGTERM");
      await child.waitFor(/SIGTERM: draining/);
      release();
      const answer = await forwarding;
      assert.deepEqual(answer.outcomes.map((o) => o.ok && o.body), ["finished after SIGTERM"]);
      assert.equal(await child.exited, 0, child.stderr());
    } finally {
      release();
      if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
      await child.exited;
      await target.close();
    }
  });

  it("exits 2 with one clear stderr line on bad environment", async () => {
    const child = runMain({ ...GOOD_ENV, VERSION: "v3", FAILURE_RATIO: "2" });
    assert.equal(await child.exited, 2);
    const lines = child.stderr().trim().split("\n");
    assert.equal(lines.length, 1, child.stderr());
    assert.match(lines[0] ?? "", /^echo: bad environment: VERSION must be one of v1\|v2\|dev\|prod, got "v3"; FAILURE_RATIO/);
  });
});
