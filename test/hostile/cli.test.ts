// `meshcheck run` as a process against hostile servers, through a profile file: a trickling
// target ends within its deadline with a verdict that is not pass, and SIGTERM (once, or twice)
// ends the run with exit 3 and a report.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunReport } from "../../harness/report/types.js";
import { fakeForwarder, hostileProfile, profileFile } from "./fixtures.js";
import { hostileServer, trickle, type HostileServer } from "./servers.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
/** A hang is minutes; these take seconds. The gap is the slack for a loaded machine. */
const ENDS_WITHIN_MS = 90_000;

interface Child {
  code: Promise<number | null>;
  stderr: () => string;
  signal(s: NodeJS.Signals): void;
  /** Calls `then` in the same tick stderr first matches `re` (no polling gap). */
  onStderr(re: RegExp, then: () => void): void;
}

function meshcheck(args: string[]): Child {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const watches: { re: RegExp; then: () => void }[] = [];
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
    for (const w of watches.splice(0)) if (w.re.test(err)) w.then();
    else watches.push(w);
  });
  // Never leave a process behind, whatever the test does.
  const guard = setTimeout(() => child.kill("SIGKILL"), ENDS_WITHIN_MS + 10_000);
  const code = new Promise<number | null>((resolve) =>
    child.on("exit", (c) => {
      clearTimeout(guard);
      resolve(c);
    }),
  );
  return { code, stderr: () => err, signal: (s) => child.kill(s), onStderr: (re, then) => watches.push({ re, then }) };
}

/** Alternates v1/v2 at 500 ms an answer: a conforming split that keeps canary-split sampling for a minute or more. */
const slowSplit = () => {
  let n = 0;
  return (s: Socket, timers: Set<NodeJS.Timeout>) => {
    const version = n++ % 2 === 0 ? "v1" : "v2";
    timers.add(setTimeout(() => s.destroyed || s.write(`HTTP/1.1 200 OK\r\nx-version: ${version}\r\ncontent-length: 2\r\n\r\nok`), 500));
  };
};

async function waitFor(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const until = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("meshcheck run against hostile targets (command line)", function () {
  this.timeout(ENDS_WITHIN_MS + 30_000);
  let dir: string;
  let server: HostileServer | undefined;
  let forwarder: Awaited<ReturnType<typeof fakeForwarder>>;
  let disposeProfile: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-hostile-cli-"));
    forwarder = await fakeForwarder();
  });
  afterEach(async () => {
    await server?.close();
    await forwarder.close();
    await disposeProfile?.();
    await rm(dir, { recursive: true, force: true });
  });

  async function profileFor(s: HostileServer): Promise<string> {
    server = s;
    const p = await profileFile(hostileProfile(s.url, forwarder.url));
    disposeProfile = p.dispose;
    return p.file;
  }
  const report = async (): Promise<RunReport> => JSON.parse(await readFile(join(dir, "out", "run.json"), "utf8")) as RunReport;

  it("a target trickling its body a byte every 300 ms: mtls-strict fails (the plaintext was answered) and the run ends within its deadline", async () => {
    const file = await profileFor(await hostileServer(trickle(300)));
    const t0 = performance.now();
    const run = meshcheck(["run", "--target", file, "--check", "mtls-strict", "--out", join(dir, "out"), "--no-history"]);
    const code = await run.code;
    const ms = performance.now() - t0;
    assert.equal(code, 1, run.stderr());
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
    const [c] = (await report()).checks;
    assert.equal(c?.status, "fail");
    assert.match(c!.summary, /got an HTTP answer \(status:200\/body:TIMEOUT\)/);
  });

  it("SIGTERM once: the check in progress is 'interrupted after N requests', the partial report is written, exit 3", async () => {
    const s = await hostileServer(slowSplit());
    const file = await profileFor(s);
    const run = meshcheck(["run", "--target", file, "--check", "canary-split", "--out", join(dir, "out"), "--no-history"]);
    await waitFor("sampling to start", () => s.requests >= 12);
    const t0 = performance.now();
    run.signal("SIGTERM");
    const code = await run.code;
    assert.equal(code, 3, run.stderr());
    assert.ok(performance.now() - t0 < ENDS_WITHIN_MS);
    const r = await report();
    assert.equal(r.exitCode, 3);
    assert.equal(r.checks[0]?.status, "inconclusive");
    assert.match(r.checks[0]!.summary, /^interrupted after \d+ requests, before it could decide$/);
    assert.match(run.stderr(), /SIGTERM: stopping the running checks/);
  });

  it("SIGTERM twice: exit 3 at once, with a report of what the run had", async () => {
    const s = await hostileServer(slowSplit());
    const file = await profileFor(s);
    const run = meshcheck(["run", "--target", file, "--check", "canary-split", "--out", join(dir, "out"), "--no-history"]);
    await waitFor("sampling to start", () => s.requests >= 12);
    // Two signals sent back to back may reach the process as one: the second goes out the moment
    // the first is acknowledged, while the run is still winding down.
    run.onStderr(/SIGTERM: stopping/, () => run.signal("SIGTERM"));
    run.signal("SIGTERM");
    const code = await run.code;
    assert.equal(code, 3, run.stderr());
    // Either it cut the run short and wrote the report itself, or the report had just been written.
    assert.match(run.stderr(), /SIGTERM again; (partial report written to|the report was already written)/);
    const r = await report();
    assert.equal(r.exitCode, 3);
    assert.equal(r.checks.length, 1);
    assert.match(r.checks[0]!.summary, /^interrupted after \d+ requests/);
  });
});
