// The runner's concurrency plan, with fake checks: checks that may share the run overlap (up to
// --concurrency at once), a timing or exclusive check never overlaps another, an interrupt
// mid-wave records every running check with its own requests, and a check that hangs until its
// deadline holds nobody else's result. Overlap is read from the order of the runner's own
// check-start/check-end events and from latches the test releases, never from wall-clock margins.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CheckDefinition, CheckContext, ConcurrencyClass } from "../../harness/check-kit/types.js";
import type { ErrorEvidence } from "../../harness/check-kit/records.js";
import type { RunEvent } from "../../harness/events.js";
import type { RegisteredCheck } from "../../harness/features/registry.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import { RunProgress } from "../../harness/runner/run-progress.js";
import { planWaves } from "../../harness/runner/plan-waves.js";
import { runChecks, type RunOptions } from "../../harness/runner/run-checks.js";
import { planChecks } from "../../harness/runner/select.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { routeTimeout } from "../../harness/features/route-timeout/check.js";
import { renderMarkdown } from "../../harness/render/markdown.js";

const PROFILE = (url: string) =>
  ({
    apiVersion: "meshcheck/v1",
    kind: "TargetProfile",
    name: "fake",
    identify: { header: "x-version" },
    vantages: {},
    canary: [{ name: "t", url, weights: { v1: 100 } }],
  }) as unknown as TargetProfile;

const done = (requests = 0) => ({ status: "pass" as const, summary: "done", requests, evidence: { kind: "error" as const, message: "" } });

function fakeCheck(id: string, concurrency: ConcurrencyClass, run: (ctx: CheckContext) => Promise<ReturnType<typeof done>>): RegisteredCheck {
  const def: CheckDefinition<"canary", ErrorEvidence> = { id, feature: "canary", section: "canary", concurrency, description: `${concurrency} check ${id}`, run };
  return def as unknown as RegisteredCheck;
}

const stopped = (signal: AbortSignal) => new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener("abort", () => r(), { once: true })));

/** A check that takes a few turns of the event loop (a timer), so checks that may overlap do. */
const briefly = (id: string, c: ConcurrencyClass) => fakeCheck(id, c, () => new Promise((r) => setTimeout(() => r(done()), 20)));

function options(profile: TargetProfile, checks: RegisteredCheck[], over: Partial<RunOptions>): RunOptions {
  return { profile, target: { name: "fake", source: "file", faults: [] }, checks, selection: { checks: [], features: [] }, stats: DEFAULT_STATS, timing: { ...DEFAULT_TIMING, requestTimeoutMs: 2_000 }, ...over };
}

/** From the event order: for each check start, the ids already running. */
function overlaps(events: RunEvent[]): { id: string; alongside: string[] }[] {
  const running = new Set<string>();
  const out: { id: string; alongside: string[] }[] = [];
  for (const e of events) {
    if (e.type === "check-start") {
      out.push({ id: e.id, alongside: [...running] });
      running.add(e.id);
    } else if (e.type === "check-end") running.delete(e.result.id);
  }
  return out;
}

function maxRunning(events: RunEvent[]): number {
  let n = 0;
  let max = 0;
  for (const e of events) {
    if (e.type === "check-start") max = Math.max(max, ++n);
    else if (e.type === "check-end") n--;
  }
  return max;
}

describe("runner: the concurrency plan", function () {
  this.timeout(60_000);
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { "x-version": "v1" }).end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("the plan: concurrency 1 is every check alone in the plan's order; otherwise light+bulk share a wave, then timing, then exclusive, one at a time", () => {
    const checks = [briefly("a-exclusive", "exclusive"), briefly("b-bulk", "bulk"), briefly("c-timing", "timing"), briefly("d-light", "light"), briefly("e-timing", "timing")];
    const { planned } = planChecks(checks, PROFILE("http://x/"), { checks: [], features: [] });
    const show = (n: number) => planWaves(planned, n).map((w) => `${w.slots}: ${w.checks.map((c) => c.definition.id).join(" ")}`);
    assert.deepEqual(show(1), ["1: a-exclusive b-bulk c-timing d-light e-timing"]);
    assert.deepEqual(show(4), ["4: b-bulk d-light", "1: c-timing e-timing", "1: a-exclusive"]);
    assert.throws(() => planWaves(planned, 0), /whole number ≥ 1/);
  });

  it("route-timeout shares the first wave only where a quarter of its timeout (the late tolerance) is a second or more, and starts first there", () => {
    const timeouts = [500, 3_996, 4_000, 10_000].map((timeoutMs) => ({ name: `t${timeoutMs}`, url: "http://x/", timeoutMs, path: "/slow", controlPath: "/" }));
    const profile = { ...PROFILE("http://x/"), timeouts } as unknown as TargetProfile;
    const { planned } = planChecks([routeTimeout as unknown as RegisteredCheck, briefly("b-bulk", "bulk")], profile, { checks: [], features: [] });
    const show = planWaves(planned, 4).map((w) => `${w.slots}: ${w.checks.map((c) => c.id).join(" ")}`);
    assert.deepEqual(show, ["4: route-timeout/t10000 route-timeout/t4000 b-bulk/t", "1: route-timeout/t3996 route-timeout/t500"], "the longest wait starts first");
    assert.deepEqual(planWaves(planned, 1).map((w) => w.checks.length), [5], "concurrency 1 still runs every check alone");
  });

  it("every registered check declares a class, and the checks that read latency or restart a workload never share", () => {
    const byClass = Object.fromEntries(ALL_CHECKS.map((c) => [c.id, c.concurrency]));
    for (const id of ["route-timeout", "fault-injection", "circuit-breaking", "outlier-detection"]) assert.equal(byClass[id], "timing", id);
    assert.equal(byClass["disruption"], "exclusive");
  });

  it("(a) checks that may share run at once: all of a wave start before any ends, and never more than --concurrency", async () => {
    // Each check returns only once all of them have started: run one after another they would
    // wait for each other until their deadline and end in error.
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((r) => (release = r));
    const ids = ["a", "b", "c", "d"];
    const checks = ids.map((id, i) => fakeCheck(id, i % 2 === 0 ? "light" : "bulk", async (ctx) => (await Promise.race([allStarted, stopped(ctx.signal)]), done())));
    const events: RunEvent[] = [];
    const report = await runChecks(
      options(PROFILE(url), checks, {
        concurrency: 4,
        deadlineMs: () => 3_000,
        listener: (e) => {
          events.push(e);
          if (e.type === "check-start" && ++started === ids.length) release();
        },
      }),
    );
    assert.deepEqual(report.checks.map((c) => `${c.check}: ${c.status}`), ids.map((id) => `${id}: pass`), report.checks.map((c) => c.summary).join("; "));
    const firstEnd = events.findIndex((e) => e.type === "check-end");
    assert.equal(events.slice(0, firstEnd).filter((e) => e.type === "check-start").length, 4);

    // With 6 checks and 3 slots: at most 3 at once, and 3 at once at some point.
    const six = ["a", "b", "c", "d", "e", "f"].map((id) => briefly(id, "bulk"));
    const sixEvents: RunEvent[] = [];
    await runChecks(options(PROFILE(url), six, { concurrency: 3, listener: (e) => sixEvents.push(e) }));
    assert.equal(maxRunning(sixEvents), 3);
  });

  it("(b, c) a timing or exclusive check never runs beside another, and the report keeps the plan's order", async () => {
    const checks = [
      briefly("a-light", "light"),
      briefly("b-exclusive", "exclusive"),
      briefly("c-bulk", "bulk"),
      briefly("d-timing", "timing"),
      briefly("e-bulk", "bulk"),
      briefly("f-timing", "timing"),
      briefly("g-light", "light"),
      briefly("h-exclusive", "exclusive"),
    ];
    const alone = new Set(["b-exclusive", "d-timing", "f-timing", "h-exclusive"].map((id) => `${id}/t`));
    const events: RunEvent[] = [];
    const report = await runChecks(options(PROFILE(url), checks, { concurrency: 8, listener: (e) => events.push(e) }));
    for (const o of overlaps(events)) {
      if (alone.has(o.id)) assert.deepEqual(o.alongside, [], `${o.id} started beside ${o.alongside.join(", ")}`);
      for (const other of o.alongside) assert.ok(!alone.has(other), `${o.id} started while ${other} ran`);
    }
    // The shared wave did share (this is not a run that is trivially one at a time).
    assert.ok(maxRunning(events) > 1);
    assert.deepEqual(
      report.checks.map((c) => c.check),
      checks.map((c) => c.id),
    );
    // The report says how it ran: the setting, and wall time beside the sum of the checks' times.
    assert.equal(report.settings.concurrency, 8);
    assert.match(renderMarkdown(report), /^8 checks in [\d.]+ m?s; [\d.]+ m?s of check time \(concurrency 8: /m);
  });

  it("(d) an interrupt mid-wave records every running check as interrupted with its own requests; the checks not started are named", async () => {
    // Three checks send 2, 3 and 4 requests through the shared direct sender, say so, then wait
    // for their signal; the test interrupts once all three have sent.
    const sends = { a: 2, b: 3, c: 4 } as const;
    const ac = new AbortController();
    const progress = new RunProgress();
    let sentAll = 0;
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((r) => (release = r));
    let partial: ReturnType<RunProgress["report"]> | undefined;
    const sender = (id: keyof typeof sends) =>
      fakeCheck(id, "bulk", async (ctx) => {
        // Each takes its sender first and sends once all three have one: their requests interleave.
        const s = ctx.sender();
        if (++started === 3) release();
        await Promise.race([allStarted, stopped(ctx.signal)]);
        for (let i = 0; i < sends[id]; i++) await s.send({ url, method: "GET", headers: {} });
        ctx.emit({ type: "check-progress", id: `${id}/t`, requests: sends[id], detail: "sent" });
        // (The last one's progress event is what interrupts: its signal may be aborted already.)
        await stopped(ctx.signal);
        return done(sends[id]);
      });
    const checks = [sender("a"), sender("b"), sender("c"), briefly("d-timing", "timing"), briefly("e-exclusive", "exclusive")];
    const report = await runChecks(
      options(PROFILE(url), checks, {
        concurrency: 4,
        progress,
        signal: ac.signal,
        // A runner that does not start them together must end (in error), not hang.
        deadlineMs: () => 5_000,
        listener: (e) => {
          if (e.type === "check-progress" && ++sentAll === 3) {
            // What a second Ctrl-C would write at this moment: all three, none lost.
            partial = progress.report(["second signal"], true);
            ac.abort();
          }
        },
      }),
    );
    const got = report.checks.map((c) => `${c.check}: ${c.status}: ${c.summary}`);
    assert.deepEqual(got, [
      "a: inconclusive: interrupted after 2 requests, before it could decide",
      "b: inconclusive: interrupted after 3 requests, before it could decide",
      "c: inconclusive: interrupted after 4 requests, before it could decide",
    ]);
    assert.deepEqual(report.checks.map((c) => c.traffic?.requests), [2, 3, 4]);
    assert.deepEqual(partial?.checks.map((c) => `${c.check}: ${c.requests}`), ["a: 2", "b: 3", "c: 4"]);
    assert.equal(report.exitCode, 3);
    for (const id of ["a", "b", "c"]) assert.ok(report.problems.includes(`interrupted during ${id}/t: the report is partial`), report.problems.join("; "));
    assert.ok(report.problems.includes("interrupted before d-timing/t, e-exclusive/t started: the report is partial"), report.problems.join("; "));
  });

  it("(e) a check that hangs until its deadline holds only its own slot: the others' results are recorded as they end", async () => {
    const progress = new RunProgress();
    const ends: string[] = [];
    let resultsWhenHungEnded = -1;
    const hung = fakeCheck("a-hangs", "bulk", (ctx) => new Promise((_r, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true })));
    const checks = [hung, briefly("b", "light"), briefly("c", "bulk"), briefly("d", "light")];
    const report = await runChecks(
      options(PROFILE(url), checks, {
        concurrency: 2,
        progress,
        deadlineMs: (p) => (p.definition.id === "a-hangs" ? 3_000 : 60_000),
        listener: (e) => {
          if (e.type !== "check-end") return;
          ends.push(e.result.check);
          if (e.result.check === "a-hangs") resultsWhenHungEnded = progress.results.length - 1;
        },
      }),
    );
    assert.deepEqual(ends, ["b", "c", "d", "a-hangs"]);
    assert.equal(resultsWhenHungEnded, 3, "the other three were recorded before the hung check ended");
    assert.equal(report.checks[0]?.status, "error");
    assert.match(report.checks[0]!.summary, /deadline of 3000 ms/);
    assert.deepEqual(report.checks.slice(1).map((c) => c.status), ["pass", "pass", "pass"]);
  });
});
