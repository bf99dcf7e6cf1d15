// One rule for "answered", at the senders: a status line that arrived is an HTTP answer with
// its status, whatever then happens to the body; only no status line at all is an error. And
// every request ends by its deadline, however the server dribbles, and reads a bounded body.
import assert from "node:assert/strict";
import { isFailedRequest, isWhole2xx, observedKey } from "../../spec/outcome.js";
import { judgeErrorBudget } from "../../harness/load/error-budget.js";
import { runTraffic } from "../../harness/traffic/engine.js";
import type { Outcome } from "../../harness/traffic/outcome.js";
import { createSender } from "../../harness/traffic/senders.js";
import { closeAtOnce, closeMidBody, endlessBody, hostileServer, hugeBody, neverAnswer, resetAfterHeaders, resetAtOnce, trickle, type Behaviour, type HostileServer } from "./servers.js";

/** Generous against a loaded machine: the assertions are about "ends", not about "fast". */
const TIMEOUT_MS = 1_500;
const ENDS_WITHIN_MS = 20_000;

describe("hostile targets at the direct sender: answered means a status line arrived", function () {
  this.timeout(60_000);
  const servers: HostileServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  async function once(b: Behaviour): Promise<{ o: Outcome; ms: number }> {
    const s = await hostileServer(b);
    servers.push(s);
    const sender = createSender({ kind: "direct" }, { timeoutMs: TIMEOUT_MS, identify: { header: "x-version" }, newConnectionPerRequest: true });
    const t0 = performance.now();
    try {
      const o = await sender.send({ url: s.url, method: "GET", headers: {} });
      return { o, ms: performance.now() - t0 };
    } finally {
      await sender.close();
    }
  }

  it("200 with a content-length, then a close mid-body: status 200 with body error EOF, never error:EOF", async () => {
    const { o } = await once(closeMidBody);
    assert.equal(o.kind, "response", JSON.stringify(o));
    assert.equal(o.kind === "response" && o.status, 200);
    assert.equal(o.kind === "response" && o.bodyError?.code, "EOF");
    // A 2xx cut off mid-body is not a success: no destination is credited, even from headers.
    assert.equal(observedKey(o), "status:200/body:EOF");
  });

  it("200 then a reset: status 200 with body error ECONNRESET", async () => {
    const { o } = await once(resetAfterHeaders);
    assert.equal(o.kind, "response", JSON.stringify(o));
    assert.match(observedKey(o), /^status:200\/body:(ECONNRESET|EOF)$/);
  });

  it("a trickling body (one byte every 200 ms): status 200 with body error TIMEOUT, ended by the overall deadline", async () => {
    const { o, ms } = await once(trickle(200));
    assert.equal(observedKey(o), "status:200/body:TIMEOUT");
    // undici's idle bodyTimeout never fires here (a byte arrives every 200 ms): only the deadline can end it.
    assert.ok(ms >= TIMEOUT_MS * 0.9, `ended after ${ms} ms, before its deadline: something else cut it`);
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
  });

  it("an endless chunked body: status 200 with body error TOO_LARGE, long before the deadline would", async () => {
    const { o, ms } = await once(endlessBody);
    assert.equal(observedKey(o), "status:200/body:TOO_LARGE");
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
  });

  it("a huge but finite body: status 200 with body error TOO_LARGE", async () => {
    const { o } = await once(hugeBody);
    assert.equal(observedKey(o), "status:200/body:TOO_LARGE");
  });

  it("a server that never answers: error:TIMEOUT within the deadline", async () => {
    const { o, ms } = await once(neverAnswer);
    assert.equal(observedKey(o), "error:TIMEOUT");
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
  });

  it("a reset or a close with no status line: error:ECONNRESET / error:EOF (the only rejections)", async () => {
    assert.equal(observedKey((await once(resetAtOnce)).o), "error:ECONNRESET");
    assert.equal(observedKey((await once(closeAtOnce)).o), "error:EOF");
  });

  it("the caller's abort still rejects the send, also mid-body", async () => {
    const s = await hostileServer(trickle(100));
    servers.push(s);
    const sender = createSender({ kind: "direct" }, { timeoutMs: 30_000 });
    const ac = new AbortController();
    try {
      const p = sender.send({ url: s.url, method: "GET", headers: {} }, { signal: ac.signal });
      setTimeout(() => ac.abort(new Error("stop")), 300);
      await assert.rejects(p, /stop/);
    } finally {
      await sender.close();
    }
  });
});

describe("hostile targets: an answer whose body broke off is an answer, but never a success", function () {
  this.timeout(60_000);

  it("names no destination, is no 2xx success, and counts as a failed request", async () => {
    const s = await hostileServer(closeMidBody);
    const sender = createSender({ kind: "direct" }, { timeoutMs: TIMEOUT_MS, identify: { header: "x-version" } });
    try {
      const o = await sender.send({ url: s.url, method: "GET", headers: {} });
      // The server's headers say x-version: v1, but the exchange failed.
      assert.equal(o.kind === "response" && o.destination, undefined);
      assert.equal(isWhole2xx(o), false);
      assert.equal(isFailedRequest(o), true);
    } finally {
      await sender.close();
      await s.close();
    }
  });

  it("steady traffic against it spends the whole error budget (load, disruption)", async () => {
    const s = await hostileServer(closeMidBody);
    const sender = createSender({ kind: "direct" }, { timeoutMs: TIMEOUT_MS });
    try {
      const stats = await runTraffic({ sender, request: { url: s.url, method: "GET", headers: {} }, concurrency: 4, maxRequests: 40, timeoutMs: TIMEOUT_MS });
      assert.equal(stats.errors, 0, "every request got a status line");
      assert.equal(stats.brokenAnswers, 40);
      const verdict = judgeErrorBudget(stats, 0.01);
      assert.equal(verdict.failed, 40);
      assert.equal(verdict.withinBudget, false);
    } finally {
      await sender.close();
      await s.close();
    }
  });
});
