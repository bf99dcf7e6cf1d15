// The runner's bounds: a check stopped by Ctrl-C says so truthfully and its requests stop at
// once (also the sends a check makes without a signal of its own); a check that runs past its
// deadline is stopped and recorded as error; a second signal still writes the report.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import type { CheckDefinition } from "../../harness/check-kit/types.js";
import type { ErrorEvidence } from "../../harness/check-kit/records.js";
import { watchInterrupts } from "../../harness/cli/interrupts.js";
import type { RunReport } from "../../harness/report/types.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import { checkDeadlineMs } from "../../harness/runner/check-deadline.js";
import { RunProgress } from "../../harness/runner/run-progress.js";
import { runChecks, STOP_GRACE_MS, type RunOptions } from "../../harness/runner/run-checks.js";
import { HOSTILE_TIMING, fakeForwarder, hostileProfile, profileFile } from "./fixtures.js";
import { hostileServer, neverAnswer, type HostileServer } from "./servers.js";

/** Alternates v1/v2 after `delayMs`: a conforming 50/50 split the test needs many requests to decide. */
const slowSplit = (delayMs: number) => {
  let n = 0;
  return (s: Socket, timers: Set<NodeJS.Timeout>) => {
    const version = n++ % 2 === 0 ? "v1" : "v2";
    const t = setTimeout(() => s.destroyed || s.write(`HTTP/1.1 200 OK\r\nx-version: ${version}\r\ncontent-length: 2\r\n\r\nok`), delayMs);
    timers.add(t);
  };
};

function baseOptions(profile: RunOptions["profile"], over: Partial<RunOptions> = {}): RunOptions {
  return {
    profile,
    target: { name: "hostile", source: "file", faults: [] },
    checks: ALL_CHECKS,
    selection: { checks: [], features: [] },
    stats: { ...DEFAULT_STATS },
    timing: HOSTILE_TIMING,
    ...over,
  };
}

describe("runner bounds: interrupts and deadlines", function () {
  this.timeout(90_000);
  const servers: HostileServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  it("Ctrl-C during canary-split: 'interrupted after N requests', not 'no decision within the budget'; the run is partial, exit 3", async () => {
    const server = await hostileServer(slowSplit(40));
    servers.push(server);
    const forwarder = await fakeForwarder();
    const p = await profileFile(hostileProfile(server.url, forwarder.url));
    const ac = new AbortController();
    try {
      const progressSeen: number[] = [];
      const report = await runChecks(
        baseOptions(p.profile, {
          selection: { checks: ["canary-split"], features: [] },
          signal: ac.signal,
          // Interrupt once sampling is under way (after the first progress event).
          listener: (e) => {
            if (e.type === "check-progress") {
              progressSeen.push(e.requests);
              if (progressSeen.length === 2) ac.abort();
            }
          },
        }),
      );
      const [c] = report.checks;
      assert.ok(c);
      assert.equal(c.status, "inconclusive");
      assert.match(c.summary, /^interrupted after (\d+) requests, before it could decide$/);
      const n = Number(/after (\d+)/.exec(c.summary)![1]);
      assert.ok(n >= progressSeen[0]! && n < DEFAULT_STATS.budget, `interrupted after ${n} requests of ${DEFAULT_STATS.budget}`);
      assert.doesNotMatch(c.summary, /budget/);
      assert.equal(report.exitCode, 3);
      assert.equal(report.verdict, "could-not-test");
      assert.ok(report.problems.some((l) => /interrupted during canary-split\/split/.test(l)), report.problems.join("; "));
    } finally {
      await p.dispose();
      await forwarder.close();
    }
  });

  it("Ctrl-C reaches mtls-strict's sends, which carry no signal of their own: the run ends long before their timeout", async () => {
    const server = await hostileServer(neverAnswer);
    servers.push(server);
    const forwarder = await fakeForwarder();
    const p = await profileFile(hostileProfile(server.url, forwarder.url));
    const ac = new AbortController();
    const requestTimeoutMs = 120_000;
    try {
      const t0 = performance.now();
      setTimeout(() => ac.abort(), 1_000);
      const report = await runChecks(baseOptions(p.profile, { selection: { checks: ["mtls-strict"], features: [] }, signal: ac.signal, timing: { ...HOSTILE_TIMING, requestTimeoutMs } }));
      const ms = performance.now() - t0;
      assert.ok(ms < 30_000, `the interrupted run took ${ms} ms`);
      const [c] = report.checks;
      assert.equal(c?.status, "inconclusive");
      assert.match(c!.summary, /^interrupted after 1 request, before it could decide$/);
      assert.equal(report.exitCode, 3);
    } finally {
      await p.dispose();
      await forwarder.close();
    }
  });

  it("a check that runs past its deadline is stopped and recorded as error, also one that ignores its signal", async () => {
    const forwarder = await fakeForwarder();
    const p = await profileFile(hostileProfile("http://127.0.0.1:9/", forwarder.url));
    const obedient: CheckDefinition<"canary", ErrorEvidence> = {
      id: "loops-until-stopped",
      feature: "canary",
      section: "canary",
      concurrency: "bulk",
      description: "sends until its signal stops it",
      async run(ctx) {
        const sender = ctx.sender("mesh");
        let requests = 0;
        for (;;) {
          await sender.send({ url: "http://workshop-app:8080/", method: "GET", headers: {} });
          requests++;
          if (requests > 1e6) return { status: "pass", summary: "unreachable", requests, evidence: { kind: "error", message: "" } };
        }
      },
    };
    const deaf: CheckDefinition<"canary", ErrorEvidence> = {
      id: "never-returns",
      feature: "canary",
      section: "canary",
      concurrency: "bulk",
      description: "ignores everything",
      run: () => new Promise(() => {}),
    };
    try {
      const t0 = performance.now();
      const report = await runChecks(baseOptions(p.profile, { checks: [obedient, deaf], deadlineMs: () => 500 }));
      const ms = performance.now() - t0;
      const byCheck = Object.fromEntries(report.checks.map((c) => [c.check, c]));
      assert.equal(byCheck["loops-until-stopped"]?.status, "error");
      assert.match(byCheck["loops-until-stopped"]!.summary, /^did not finish within its deadline of 500 ms \(derived from its plan\), after \d+ requests$/);
      assert.ok(byCheck["loops-until-stopped"]!.requests > 0);
      assert.equal(byCheck["never-returns"]?.status, "error");
      assert.match(byCheck["never-returns"]!.summary, /deadline of 500 ms/);
      // Two deadlines, one grace for the check that ignored its signal, and slack for a loaded machine.
      assert.ok(ms < 2 * 500 + STOP_GRACE_MS + 20_000, `took ${ms} ms`);
      assert.equal(report.exitCode, 3);
    } finally {
      await p.dispose();
      await forwarder.close();
    }
  });

  it("the deadline is derived from the plan: convergence, budget rounds, the plan's own time", () => {
    const target = { name: "c", url: "http://x/", weights: { a: 100 } };
    // 30 s + 5 s converging, max(5000/8, 1000) × 5 s sampling, 10 s + 2 × 5 s slack.
    assert.equal(checkDeadlineMs("canary-split", target, DEFAULT_TIMING, DEFAULT_STATS), 35_000 + 5_000_000 + 20_000);
    // A bigger budget buys more rounds.
    assert.equal(checkDeadlineMs("canary-split", target, DEFAULT_TIMING, { ...DEFAULT_STATS, budget: 80_000 }), 35_000 + 10_000 * 5_000 + 20_000);
    const disruption = { name: "d", url: "http://x/", destination: "v1", ratePerSec: 10, warmupMs: 60_000, settleMs: 20_000, budget: 0.1, restart: { kind: "local" as const, url: "http://x/" } };
    assert.equal(checkDeadlineMs("disruption", disruption, DEFAULT_TIMING, DEFAULT_STATS) - checkDeadlineMs("canary-split", target, DEFAULT_TIMING, DEFAULT_STATS), 60_000 + 4 * 20_000 + 180_000);
  });

  it("a second signal writes the report of what the run has, synchronously, and exits 3", async () => {
    const dir = await mkdtemp(join(tmpdir(), "meshcheck-interrupts-"));
    const progress = new RunProgress();
    Object.assign(progress, { runId: "r1", target: { name: "t", source: "file", faults: [] }, settings: { stats: DEFAULT_STATS, timing: DEFAULT_TIMING, selection: { checks: [], features: [] } } });
    const ac = new AbortController();
    const lines: string[] = [];
    const exits: number[] = [];
    const interrupts = watchInterrupts({
      controller: ac,
      progress,
      outDir: dir,
      log: (l) => lines.push(l),
      exit: (code) => {
        exits.push(code);
        throw new Error("exited");
      },
    });
    try {
      process.emit("SIGTERM", "SIGTERM");
      assert.ok(ac.signal.aborted, "the first signal stops the run");
      assert.deepEqual(exits, []);
      assert.throws(() => process.emit("SIGTERM", "SIGTERM"), /exited/);
      assert.deepEqual(exits, [3]);
      const report = JSON.parse(await readFile(join(dir, "run.json"), "utf8")) as RunReport;
      assert.equal(report.exitCode, 3);
      assert.equal(report.verdict, "could-not-test");
      assert.match(report.problems.join("\n"), /SIGTERM again/);
      assert.match(lines.join(""), /SIGTERM again; partial report written to .*run\.json/);
    } finally {
      interrupts.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
