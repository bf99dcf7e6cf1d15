// The pool the mutation self-test runs its rows in: in order, at most `width` at once, nothing
// started that nobody asked for beyond the prefetch, and close() waits for what is under way.
// Jobs here finish when the test says so (no timers), so nothing rides on the machine's speed.
import assert from "node:assert/strict";
import { OrderedPool } from "./ordered-pool.js";

/** Jobs that finish only when finish(i) is called; records the start order and the peak in flight. */
function gatedJobs() {
  const gates = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
  const started: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const run = (i: number) =>
    new Promise<number>((resolve, reject) => {
      started.push(i);
      peak = Math.max(peak, ++inFlight);
      gates.set(i, {
        resolve: (v) => (inFlight--, resolve(v)),
        reject: (e) => (inFlight--, reject(e)),
      });
    });
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    run,
    started,
    peak: () => peak,
    finish: async (i: number, v = i * 10) => (gates.get(i)!.resolve(v), settle()),
    fail: async (i: number, e: Error) => (gates.get(i)!.reject(e), settle()),
    settle,
  };
}

describe("OrderedPool (the mutation self-test's rows at once)", () => {
  it("runs the asked job and prefetches the next width − 1, never more than width at once, each result to its asker", async () => {
    const g = gatedJobs();
    const pool = new OrderedPool(5, 2, g.run);
    const r0 = pool.result(0);
    await g.settle();
    assert.deepEqual(g.started, [0, 1]);
    await g.finish(0);
    assert.equal(await r0, 0);
    // Job 0 done: nobody asked for 1 yet, so only 1 runs (prefetch reaches one past the highest asked).
    assert.deepEqual(g.started, [0, 1]);
    const r1 = pool.result(1);
    await g.settle();
    assert.deepEqual(g.started, [0, 1, 2]);
    await g.finish(1);
    await g.finish(2);
    assert.equal(await r1, 10);
    assert.equal(await pool.result(2), 20);
    const r3 = pool.result(3);
    const r4 = pool.result(4);
    await g.settle();
    await g.finish(4);
    await g.finish(3);
    assert.deepEqual([await r3, await r4], [30, 40]);
    assert.deepEqual(g.started, [0, 1, 2, 3, 4]);
    assert.equal(g.peak(), 2);
    assert.equal(pool.startedCount, 5);
  });

  it("a failed job fails only its own result; the next still runs", async () => {
    const g = gatedJobs();
    const pool = new OrderedPool(3, 2, g.run);
    const r0 = pool.result(0);
    await g.settle();
    await g.fail(0, new Error("row 0 wrong"));
    await assert.rejects(r0, /row 0 wrong/);
    const r1 = pool.result(1);
    await g.finish(1);
    assert.equal(await r1, 10);
  });

  it("never starts a job nobody asked for beyond the prefetch (a --grep run), and close() waits for the one under way", async () => {
    const g = gatedJobs();
    const pool = new OrderedPool(10, 2, g.run);
    const r3 = pool.result(3);
    await g.settle();
    assert.deepEqual(g.started, [3, 4]);
    await g.finish(3);
    await r3;
    assert.deepEqual(g.started, [3, 4], "no job past the prefetch starts when a slot frees");
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    await g.settle();
    assert.equal(closed, false, "close() returned with job 4 still running");
    await g.finish(4);
    await closing;
    assert.equal(closed, true);
    assert.deepEqual(g.started, [3, 4]);
    assert.throws(() => pool.result(5), /closed/);
  });

  it("width 1 runs one job at a time; an asked job starts even while another (a timed-out row) still runs", async () => {
    const g = gatedJobs();
    const pool = new OrderedPool(3, 1, g.run);
    void pool.result(0);
    await g.settle();
    assert.deepEqual(g.started, [0]);
    // Job 0's `it` timed out; mocha moves on to job 1, which must not wait for job 0.
    const r1 = pool.result(1);
    await g.settle();
    assert.deepEqual(g.started, [0, 1]);
    await g.finish(1);
    assert.equal(await r1, 10);
    await g.finish(0);
    await pool.close();
    assert.deepEqual(g.started, [0, 1], "job 2 was never asked for");
    assert.throws(() => new OrderedPool(3, 0, g.run), /width/);
  });

  it("a job still running past its `it` keeps its slot: the prefetch waits for a free one", async () => {
    const g = gatedJobs();
    const pool = new OrderedPool(4, 2, g.run);
    void pool.result(0);
    await g.settle();
    // Job 0's `it` timed out; job 1 (prefetched) is asked for: 0 and 1 fill both slots, 2 waits.
    const r1 = pool.result(1);
    await g.settle();
    assert.deepEqual(g.started, [0, 1]);
    await g.finish(1);
    assert.equal(await r1, 10);
    assert.deepEqual(g.started, [0, 1, 2]);
    assert.equal(g.peak(), 2);
    await g.finish(2);
    await g.finish(0);
    await pool.close();
  });
});
