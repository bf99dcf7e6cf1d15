import assert from "node:assert/strict";
import { runTraffic } from "../../harness/traffic/engine.js";
import { LatencyHistogram } from "../../harness/traffic/latency-histogram.js";
import type { Outcome } from "../../harness/traffic/outcome.js";
import type { Sender } from "../../harness/traffic/sender.js";
import { createSender } from "../../harness/traffic/senders.js";
import { closedPort, httpServer, type TestServer } from "./servers.js";

const identify = { header: "x-version" };

describe("traffic engine", () => {
  let server: TestServer;
  let served = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const held: (() => void)[] = [];
  let holdUntil = 0;
  before(async () => {
    // Every 4th request is v2, every 10th a 503; with holdUntil > 0 responses wait until that
    // many are in flight (so a concurrency bound is reached, never exceeded unnoticed).
    server = await httpServer((req, res) => {
      const n = ++served;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        res.setHeader("x-version", n % 4 === 0 ? "v2" : "v1");
        res.statusCode = n % 10 === 0 ? 503 : 200;
        res.end("ok");
      };
      if (holdUntil === 0) return answer();
      held.push(answer);
      if (held.length >= holdUntil) for (const release of held.splice(0)) release();
    });
  });
  after(async () => server.close());
  beforeEach(() => {
    served = 0;
    maxInFlight = 0;
    holdUntil = 0;
  });

  const request = () => ({ url: server.url, method: "GET", headers: {} });
  const withSender = async <T>(fn: (s: Sender) => Promise<T>): Promise<T> => {
    const s = createSender({ kind: "direct" }, { timeoutMs: 5000, identify });
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  it("counts by destination, status, status class and error; emits outcome and done", async () => {
    const seen: number[] = [];
    let done = 0;
    const stats = await withSender((sender) =>
      runTraffic({ sender, request: request(), concurrency: 1, maxRequests: 40, timeoutMs: 5000, on: { outcome: (_o, seq) => seen.push(seq), done: () => done++ } }),
    );
    assert.equal(stats.requests, 40);
    assert.equal(stats.responses, 40);
    assert.deepEqual(stats.byDestination, { v1: 30, v2: 10 });
    assert.deepEqual(stats.byStatus, { "200": 36, "503": 4 });
    assert.deepEqual(stats.byStatusClass, { "1xx": 0, "2xx": 36, "3xx": 0, "4xx": 0, "5xx": 4 });
    assert.deepEqual(stats.byError, {});
    assert.equal(stats.stoppedBy, "maxRequests");
    assert.equal(stats.records, undefined);
    assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i));
    assert.equal(done, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats);
  });

  it("counts errors by code", async () => {
    const port = await closedPort();
    const sender = createSender({ kind: "direct" }, { timeoutMs: 2000 });
    try {
      const stats = await runTraffic({ sender, request: { url: `http://127.0.0.1:${port}/`, method: "GET", headers: {} }, concurrency: 2, maxRequests: 6, timeoutMs: 2000 });
      assert.deepEqual(stats.byError, { ECONNREFUSED: 6 });
      assert.equal(stats.errors, 6);
      assert.equal(stats.responses, 0);
    } finally {
      await sender.close();
    }
  });

  it("never has more than `concurrency` requests in flight", async () => {
    holdUntil = 5;
    const stats = await withSender((sender) => runTraffic({ sender, request: request(), concurrency: 5, maxRequests: 50, timeoutMs: 5000 }));
    assert.equal(stats.requests, 50);
    assert.equal(maxInFlight, 5);
  });

  it("stops as soon as `stop` returns true, counting exactly up to that outcome", async () => {
    const stats = await withSender((sender) =>
      runTraffic({ sender, request: request(), concurrency: 1, maxRequests: 1000, timeoutMs: 5000, stop: (o) => o.kind === "response" && o.status === 503 }),
    );
    assert.equal(stats.stoppedBy, "stop");
    assert.equal(stats.requests, 10);
    assert.equal(served, 10);
    assert.deepEqual(stats.byStatus, { "200": 9, "503": 1 });
  });

  it("with concurrency, a stop aborts the requests in flight and reports them as abandoned", async () => {
    const stats = await withSender((sender) =>
      runTraffic({ sender, request: request(), concurrency: 8, maxRequests: 1000, timeoutMs: 5000, stop: (o) => o.kind === "response" && o.status === 503 }),
    );
    assert.equal(stats.stoppedBy, "stop");
    assert.equal(stats.byStatus["503"], 1, "nothing is counted after the stopping outcome");
    assert.ok(stats.requests + stats.abandoned <= served + 8 && served < 1000);
  });

  it("an aborted signal stops the run and still resolves with the stats so far", async () => {
    const ac = new AbortController();
    const stats = await withSender((sender) =>
      runTraffic({ sender, request: request(), concurrency: 2, maxRequests: 1000, timeoutMs: 5000, signal: ac.signal, on: { outcome: (_o, seq) => seq === 4 && ac.abort() } }),
    );
    assert.equal(stats.stoppedBy, "signal");
    assert.equal(stats.requests, 5);
  });

  it("keeps every outcome only with record: true", async () => {
    const stats = await withSender((sender) => runTraffic({ sender, request: request(), concurrency: 2, maxRequests: 7, timeoutMs: 5000, record: true }));
    assert.equal(stats.records?.length, 7);
    assert.ok(stats.records?.every((o) => o.kind === "response"));
  });

  it("reports sane latency percentiles", async () => {
    const stats = await withSender((sender) => runTraffic({ sender, request: request(), concurrency: 4, maxRequests: 200, timeoutMs: 5000 }));
    const l = stats.latency;
    assert.equal(l.count, 200);
    assert.ok(0 < l.minMs && l.minMs <= l.p50Ms && l.p50Ms <= l.p90Ms && l.p90Ms <= l.p99Ms && l.p99Ms <= l.maxMs, JSON.stringify(l));
    assert.ok(stats.requestsPerSec > 0);
  });

  it("fixed rate: latency is measured from the scheduled send time (coordinated omission)", async () => {
    // A sender that stalls on its first request: requests 1..4 were due at 10..40 ms but can
    // only go out after the stall, so their corrected latency includes the wait.
    let release!: () => void;
    const stall = new Promise<void>((r) => (release = r));
    let calls = 0;
    const sender: Sender = {
      kind: "direct",
      async send(): Promise<Outcome> {
        if (calls++ === 0) await stall;
        return { kind: "response", status: 200, latencyMs: 0.1 };
      },
      sendBatch: () => Promise.reject(new Error("unused")),
      close: () => Promise.resolve(),
    };
    const timer = setTimeout(release, 120);
    const stats = await runTraffic({ sender, request: request(), concurrency: 1, maxRequests: 5, timeoutMs: 1000, ratePerSec: 100 });
    clearTimeout(timer);
    assert.equal(stats.requests, 5);
    // Uncorrected, requests 1..4 would report 0.1 ms; corrected, each waited >= 120 - 40 ms.
    assert.ok(stats.latency.minMs >= 70, JSON.stringify(stats.latency));
  });

  it("rejects bad options with one clear line", async () => {
    const sender = createSender({ kind: "direct" }, { timeoutMs: 1000 });
    try {
      const base = { sender, request: request(), concurrency: 1, maxRequests: 1, timeoutMs: 1000 };
      await assert.rejects(runTraffic({ ...base, concurrency: 0 }), /^RangeError: runTraffic: concurrency must be a whole number >= 1, got 0$/);
      await assert.rejects(runTraffic({ ...base, maxRequests: Infinity }), /maxRequests may be Infinity only with durationMs/);
      await assert.rejects(runTraffic({ ...base, ratePerSec: 10, batchSize: 2 }), /ratePerSec needs batchSize 1/);
    } finally {
      await sender.close();
    }
  });
});

describe("latency histogram", () => {
  it("gives percentiles within HdrHistogram's 3 significant digits", () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    const s = h.summary();
    assert.equal(s.count, 1000);
    const near = (a: number, b: number) => Math.abs(a - b) <= b * 0.001 + 0.001;
    assert.ok(near(s.p50Ms, 500) && near(s.p90Ms, 900) && near(s.p99Ms, 990) && near(s.maxMs, 1000) && near(s.minMs, 1), JSON.stringify(s));
    assert.ok(near(s.meanMs, 500.5));
  });
});
