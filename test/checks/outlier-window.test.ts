// outlier-detection against a hand-written two-endpoint "proxy" on 127.0.0.1: v1 answers, v2
// fails every request with 500; after `consecutive` failures of v2 in a row the proxy ejects it
// for `ejectionMs`, applying the ejection `lagRequests` requests late (as Envoy's main thread
// applies it a moment after a worker saw the failure). An ejecting proxy is never failed, even
// with a stray failure and a stalled client; one that never ejects is never passed.
import assert from "node:assert/strict";
import { outlierDetection } from "../../harness/features/outlier-detection/check.js";
import type { CheckVerdict } from "../../harness/check-kit/types.js";
import { httpServer, type TestServer } from "../traffic/servers.js";
import { seededRandom } from "../support/seeded-random.js";
import { checkContext, eventLoopStalls, under } from "./slow-client.js";

const CONSECUTIVE = 3;
const EJECTION_MS = 1_000;

/** `holdMs`: the answer that triggers an ejection reaches the client this much later (a stalled client or link). */
function proxy(ejects: boolean, lagRequests: number, seed: number, holdMs = 0): Promise<TestServer> {
  const random = seededRandom(seed);
  let streak = 0;
  let ejectedUntil = 0;
  let lag = -1;
  return httpServer((_req, res) => {
    if (lag === 0) ejectedUntil = performance.now() + EJECTION_MS;
    if (lag >= 0) lag--;
    const v2 = performance.now() >= ejectedUntil && random() < 0.5;
    let hold = 0;
    if (v2 && ++streak >= CONSECUTIVE && ejects) {
      streak = 0;
      lag = lagRequests;
      if (lagRequests === 0) ejectedUntil = performance.now() + EJECTION_MS;
      hold = holdMs;
    }
    res.setHeader("x-version", v2 ? "v2" : "v1");
    res.statusCode = v2 ? 500 : 200;
    setTimeout(() => res.end("{}"), hold);
  });
}

const show = (v: CheckVerdict) => `${v.status}: ${v.summary}`;

describe("outlier-detection: the ejection window is the proxy's", function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  const judge = async (ejects: boolean, lagRequests: number, seed: number, holdMs = 0): Promise<CheckVerdict> => {
    const server = await proxy(ejects, lagRequests, seed, holdMs);
    servers.push(server);
    const { ctx, close } = checkContext();
    try {
      return await outlierDetection.run(ctx, {
        name: "outlier",
        url: server.url,
        host: "outlier.test",
        consecutiveErrors: CONSECUTIVE,
        intervalMs: 100,
        baseEjectionTimeMs: EJECTION_MS,
        maxEjectionPercent: 50,
        path: "/?failStatus=500",
        endpoints: [
          { destination: "v1", failRatio: 0 },
          { destination: "v2", failRatio: 1 },
        ],
      });
    } finally {
      await close();
    }
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("passes a proxy that ejects", async () => {
    const v = await judge(true, 0, 1);
    assert.equal(v.status, "pass", show(v));
  });

  it("never fails a proxy whose ejection lets one stray request through", async () => {
    for (const seed of [2, 3, 4]) {
      const v = await judge(true, 1, seed);
      assert.ok(v.status === "pass" || v.status === "inconclusive", show(v));
    }
  });

  it("never fails an ejecting proxy whose ejecting answer reaches the client after the ejection ended", async () => {
    for (const seed of [10, 11, 12]) {
      const v = await judge(true, 0, seed, EJECTION_MS + 200);
      assert.equal(v.status, "inconclusive", show(v));
    }
  });

  it("never fails an ejecting proxy while the event loop stalls", async () => {
    for (const seed of [5, 8, 9]) {
      const v = await under(() => eventLoopStalls(300, 302, 20), () => judge(true, 0, seed));
      assert.ok(v.status === "pass" || v.status === "inconclusive", show(v));
    }
  });

  it("fails a proxy that never ejects, quiet or stalled", async () => {
    const quiet = await judge(false, 0, 6);
    assert.equal(quiet.status, "fail", show(quiet));
    const stalled = await under(() => eventLoopStalls(300, 350, 20), () => judge(false, 0, 7));
    assert.notEqual(stalled.status, "pass", show(stalled));
  });
});
