// One convergence rule (spec/convergence.ts nextStep) for the k6 scenarios' setup() and the
// harness's checks: the same settings from the knob table, the same give-up rules, the same
// steps for the same answers.
import assert from "node:assert/strict";
import { awaitConvergence, CONVERGE_DEFAULTS, type ConvergeOptions } from "../../spec/convergence.js";
import { awaitConvergence as harnessConvergence } from "../../harness/check-kit/converge.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";

/** A fake k6 clock: sleep moves time on, and each probe costs `probeMs`. */
function fakeClock(probeMs = 0): Pick<ConvergeOptions, "now" | "sleep"> & { advance: () => void } {
  let t = 0;
  return { now: () => t, sleep: (s) => void (t += s * 1000), advance: () => void (t += probeMs) };
}

describe("convergence: one rule for k6 and the harness", () => {
  it("uses the harness's settings on both sides (100 ms polls, 5 s unreachable, 30 s timeout)", () => {
    assert.deepEqual(CONVERGE_DEFAULTS, {
      threshold: DEFAULT_TIMING.convergenceThreshold,
      timeoutMs: DEFAULT_TIMING.convergenceTimeoutMs,
      intervalMs: DEFAULT_TIMING.pollIntervalMs,
      unreachableAfterMs: DEFAULT_TIMING.unreachableAfterMs,
    });
    assert.deepEqual(CONVERGE_DEFAULTS, { threshold: 3, timeoutMs: 30_000, intervalMs: 100, unreachableAfterMs: 5_000 });
  });

  it("k6 gives up on an immediate ECONNREFUSED after the harness's 5 s, not the 30 s timeout", () => {
    const clock = fakeClock();
    const r = awaitConvergence(() => "error:ECONNREFUSED", (k) => k === "dest:v1", { ...CONVERGE_DEFAULTS, ...clock });
    assert.equal(r.converged, false);
    assert.equal(r.gaveUp, "unreachable");
    assert.equal(r.last, "error:ECONNREFUSED");
    // Probes at 0, 100, …, 5000 ms: the one at 5 s is the last.
    assert.equal(clock.now(), 5_000);
    assert.equal(r.attempts, 51);
  });

  it("any HTTP answer, even a wrong one, means the target is reachable: then only the timeout stops it", () => {
    const clock = fakeClock();
    let n = 0;
    const r = awaitConvergence(() => (n++ === 0 ? "status:404" : "error:ECONNRESET"), (k) => k === "dest:v1", { ...CONVERGE_DEFAULTS, ...clock });
    assert.equal(r.gaveUp, "timeout");
    assert.equal(clock.now(), 30_000);
  });

  it("counts slow probes' time too: a probe that takes 2 s without answering stops it after 3 probes", () => {
    const clock = fakeClock(2_000);
    const r = awaitConvergence(
      () => {
        clock.advance();
        return "error:TIMEOUT";
      },
      () => false,
      { ...CONVERGE_DEFAULTS, ...clock },
    );
    assert.equal(r.gaveUp, "unreachable");
    // 2.0 s, 4.1 s, 6.2 s: the third probe ends past 5 s.
    assert.equal(r.attempts, 3);
  });

  it("the harness's async loop takes the same steps for the same answers", async () => {
    const answers = ["error:ECONNREFUSED", "status:404", "dest:v1", "status:503", "dest:v1", "dest:v1", "dest:v1"];
    const k6 = (() => {
      const queue = [...answers];
      return awaitConvergence(() => queue.shift() ?? "dest:v1", (k) => k === "dest:v1", { ...CONVERGE_DEFAULTS, ...fakeClock() });
    })();
    const queue = [...answers];
    const harness = await harnessConvergence(
      async () => {
        const k = queue.shift() ?? "dest:v1";
        return k === "dest:v1" ? true : k;
      },
      { ...DEFAULT_TIMING, pollIntervalMs: 1 },
      new AbortController().signal,
    );
    assert.deepEqual({ converged: harness.converged, attempts: harness.attempts }, k6);
    assert.deepEqual(k6, { converged: true, attempts: 7 });
  });

  it("the harness gives up on no HTTP answer after unreachableAfterMs, well before its timeout", async () => {
    const started = performance.now();
    const r = await harnessConvergence(async () => "error:ECONNREFUSED", { ...DEFAULT_TIMING, pollIntervalMs: 5, unreachableAfterMs: 50 }, new AbortController().signal);
    const tookMs = performance.now() - started;
    assert.equal(r.converged, false);
    assert.equal(r.last, "error:ECONNREFUSED");
    assert.ok(r.elapsedMs >= 50, `gave up after ${r.elapsedMs} ms, before unreachableAfterMs`);
    // The 30 s timeout is the other way to stop; a loaded machine stays far below it.
    assert.ok(tookMs < DEFAULT_TIMING.convergenceTimeoutMs / 2, `took ${tookMs} ms`);
  });
});
