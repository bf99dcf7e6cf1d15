// disruption's error budget by an exact binomial test, against a hand-written workload on
// 127.0.0.1 whose /restart swaps its pod name and, as told, loses one request or answers 503
// for a while. One lost request is never failed (it failed as 1 in 48 against 2%); a restart
// that drops half a second of traffic is never passed, quiet or with busy loops on every core.
import assert from "node:assert/strict";
import { judgeBudget, plannedRequests } from "../../harness/check-kit/budget-test.js";
import { disruption, plannedRate } from "../../harness/features/disruption/check.js";
import type { CheckVerdict } from "../../harness/check-kit/types.js";
import { httpServer, type TestServer } from "../traffic/servers.js";
import { busyLoops, checkContext, under } from "./slow-client.js";

type Restart = "graceful" | "loses one" | "drops 500 ms";

function workload(kind: Restart): Promise<TestServer> {
  let pod = "pod-1";
  let loseNext = false;
  let downUntil = 0;
  return httpServer((req, res) => {
    if (req.method === "POST" && req.url === "/restart") {
      const before = pod;
      pod = "pod-2";
      if (kind === "loses one") loseNext = true;
      if (kind === "drops 500 ms") downUntil = performance.now() + 500;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ podBefore: before, podAfter: pod, graceful: kind === "graceful", drainedMs: 0 }));
      return;
    }
    if (loseNext || performance.now() < downUntil) {
      loseNext = false;
      res.statusCode = 503;
      res.end("upstream connect error or disconnect/reset before headers");
      return;
    }
    res.setHeader("x-version", "v1");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ pod }));
  });
}

const show = (v: CheckVerdict) => `${v.status}: ${v.summary}`;

describe("disruption: the error budget by an exact binomial test", function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  const judge = async (kind: Restart): Promise<CheckVerdict> => {
    const server = await workload(kind);
    servers.push(server);
    const { ctx, close } = checkContext();
    try {
      return await disruption.run(ctx, {
        name: "prod",
        url: server.url,
        host: "prod.test",
        destination: "v1",
        ratePerSec: 40,
        warmupMs: 400,
        settleMs: 600,
        budget: 0.02,
        // A token too, for the control listener's admin guard where the profile carries one (this server asks none).
        restart: Object.assign({ kind: "local" as const, url: new URL("/restart", server.url).toString() }, { token: "test" }),
      });
    } finally {
      await close();
    }
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("sizes the window from the budget and decides exactly", () => {
    assert.equal(plannedRequests(0.02, 0.01), 330);
    assert.equal(plannedRate(40, 330, 1_000), 330);
    assert.equal(plannedRate(400, 330, 1_000), 400);
    assert.equal(judgeBudget(1, 48, 0.02, 0.001, 0.01).verdict, "inconclusive");
    assert.equal(judgeBudget(1, 330, 0.02, 0.001, 0.01).verdict, "pass");
    assert.equal(judgeBudget(7, 330, 0.02, 0.001, 0.01).verdict, "inconclusive");
    assert.equal(judgeBudget(20, 330, 0.02, 0.001, 0.01).verdict, "fail");
    assert.equal(judgeBudget(0, 100, 0, 0.001, 0.01).verdict, "pass");
    assert.equal(judgeBudget(1, 100_000, 0, 0.001, 0.01).verdict, "fail");
  });

  it("never fails a restart that loses one request", async () => {
    const v = await judge("loses one");
    assert.ok(v.status === "pass" || v.status === "inconclusive", show(v));
    assert.ok(v.requests >= 100, `only ${v.requests} requests: ${show(v)}`);
  });

  it("passes a graceful restart, and never fails it while busy loops take every core", async () => {
    const quiet = await judge("graceful");
    assert.equal(quiet.status, "pass", show(quiet));
    const busy = await under(() => busyLoops(), () => judge("graceful"));
    assert.ok(busy.status === "pass" || busy.status === "inconclusive", show(busy));
  });

  it("fails a restart that drops half a second of traffic, and never passes it under busy loops", async () => {
    const quiet = await judge("drops 500 ms");
    assert.equal(quiet.status, "fail", show(quiet));
    assert.match(quiet.summary, /above the budget/);
    const busy = await under(() => busyLoops(), () => judge("drops 500 ms"));
    assert.notEqual(busy.status, "pass", show(busy));
  });
});
