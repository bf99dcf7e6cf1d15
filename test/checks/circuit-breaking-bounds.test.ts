// circuit-breaking against a hand-written pool on 127.0.0.1 (at most `active` slow requests at
// once, `pending` more queued, the rest Envoy's overflow 503): a pool with the profile's limits
// passes (or, on a slow client, is inconclusive), one with doubled limits fails, and a pool
// too large to burst is refused before any request is sent.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { burstSize, circuitBreaking, finishedDuringBurst, MAX_BURST } from "../../harness/features/circuit-breaking/check.js";
import type { CheckVerdict } from "../../harness/check-kit/types.js";
import { httpServer, type TestServer } from "../traffic/servers.js";
import { busyLoops, checkContext, eventLoopStalls, under } from "./slow-client.js";

const SLOW_MS = 300;

function poolServer(active: number, pending: number): Promise<TestServer> {
  let inService = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    inService--;
    const next = queue.shift();
    if (next) {
      inService++;
      next();
    }
  };
  return httpServer((req, res) => {
    const answer = () => {
      res.setHeader("x-version", "v1");
      res.end("{}");
    };
    if (req.url !== "/slow") return answer();
    const serve = () => void sleep(SLOW_MS).then(() => (answer(), release()));
    if (inService < active) {
      inService++;
      serve();
    } else if (queue.length < pending) queue.push(serve);
    else {
      res.statusCode = 503;
      res.setHeader("x-envoy-overloaded", "true");
      res.end("upstream connect error or disconnect/reset before headers. reset reason: overflow");
    }
  });
}

const show = (v: CheckVerdict) => `${v.status}: ${v.summary}`;

describe("circuit-breaking: successes bounded by the configured pool", function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  const judge = async (server: TestServer, maxActive = 1, maxPending = 1): Promise<CheckVerdict> => {
    const { ctx, close } = checkContext();
    try {
      return await circuitBreaking.run(ctx, { name: "breaker", url: server.url, host: "breaker.test", maxActive, maxPending, slowPath: "/slow" });
    } finally {
      await close();
    }
  };
  const pool = async (active: number, pending: number) => {
    const s = await poolServer(active, pending);
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("allows what a slot can finish while the burst is sent, and caps the burst", () => {
    assert.equal(finishedDuringBurst(2, 10, 300), 0);
    assert.equal(finishedDuringBurst(2, 150, 300), 2);
    assert.equal(burstSize(1, 1), 8);
    assert.equal(burstSize(20, 0), 62);
    assert.equal(burstSize(21, 0), undefined);
    assert.equal(burstSize(1e9, 1), undefined);
  });

  it("passes a pool with the configured limits", async () => {
    const v = await judge(await pool(1, 1));
    assert.equal(v.status, "pass", show(v));
    assert.match(v.summary, /2 succeeded, 6 overflowed of 8/);
  });

  it("fails a pool whose limits are doubled", async () => {
    const v = await judge(await pool(2, 2));
    assert.equal(v.status, "fail", show(v));
    assert.match(v.summary, /more got through than the pool admits/);
  });

  it("never fails the configured pool, and never passes the doubled one, while busy loops take every core", async () => {
    const [ok, doubled] = await under(() => busyLoops(), async () => [await judge(await pool(2, 1), 2, 1), await judge(await pool(4, 2), 2, 1)]);
    assert.ok(ok.status === "pass" || ok.status === "inconclusive", show(ok));
    assert.notEqual(doubled.status, "pass", show(doubled));
  });

  it("never fails the configured pool while the event loop stalls", async () => {
    const v = await under(() => eventLoopStalls(200, 250), async () => judge(await pool(1, 1)));
    assert.ok(v.status === "pass" || v.status === "inconclusive", show(v));
  });

  it("refuses a pool too large to burst, before sending anything", async () => {
    const server = await pool(1, 1);
    const before = server.connections;
    const v = await judge(server, 100_000, 1);
    assert.equal(v.status, "error", show(v));
    assert.equal(v.requests, 0);
    assert.equal(server.connections, before);
    assert.match(v.summary, new RegExp(`at most ${MAX_BURST} at once`));
    const huge = await judge(server, 1e9, 1e9);
    assert.equal(huge.status, "error", show(huge));
  });
});
