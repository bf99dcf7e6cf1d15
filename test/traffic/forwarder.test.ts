import assert from "node:assert/strict";
import type { ForwardRequest, ForwardResponse } from "../../spec/echo/protocol.js";
import { startEcho, type RunningEcho } from "../../apps/echo/src/server.js";
import { runTraffic } from "../../harness/traffic/engine.js";
import { createSender } from "../../harness/traffic/senders.js";
import { SenderError } from "../../harness/traffic/sender.js";
import { closedPort, httpServer, type TestServer } from "./servers.js";

const identify = { header: "x-version", jsonField: "version" };
const echoReply = (version: string) => ({
  service: "workshop-app", version, pod: "p", namespace: "ns", method: "GET", path: "/", query: {}, headers: {},
});

describe("forwarder sender", () => {
  let fake: TestServer;
  const calls: ForwardRequest[] = [];
  let mode: "ok" | "500" | "short" | "garbage" = "ok";
  before(async () => {
    fake = await httpServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        const fr = JSON.parse(text) as ForwardRequest;
        calls.push(fr);
        if (mode === "500") return void res.writeHead(500).end("forwarder exploded");
        if (mode === "garbage") return void res.end("<html>");
        const outcomes: ForwardResponse["outcomes"] = [];
        for (let i = 0; i < (mode === "short" ? fr.count - 1 : fr.count); i++) {
          const k = i % 3;
          if (k === 0) outcomes.push({ ok: true, status: 200, headers: {}, echo: echoReply("v2"), durationMs: 1.5 });
          else if (k === 1) outcomes.push({ ok: true, status: 403, headers: { "x-version": "v1" }, body: "RBAC: access denied", durationMs: 2 });
          else outcomes.push({ ok: false, error: "ECONNRESET", message: "socket hang up", durationMs: 3 });
        }
        const reply: ForwardResponse = { from: { service: "s", version: "v1", pod: "p", namespace: "ns" }, outcomes };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(reply));
      });
    });
  });
  after(async () => fake.close());
  beforeEach(() => {
    calls.length = 0;
    mode = "ok";
  });

  const vantage = () => ({ kind: "forwarder" as const, url: `${fake.url}forward`, token: "fake-forwarder-token-01", identity: "spiffe://cluster.local/ns/a/sa/b" });
  const req = { url: "http://workshop-app-v1.workshop-app:8080/x", method: "POST", headers: { "x-env": "dev" }, host: "h.local", body: "b" };

  it("sends one ForwardRequest per batch and maps each ForwardOutcome to an Outcome", async () => {
    const sender = createSender(vantage(), { timeoutMs: 1500, identify });
    try {
      const outcomes = await sender.sendBatch(req, 3, { concurrency: 2 });
      assert.deepEqual(calls, [
        { url: req.url, method: "POST", headers: { "x-env": "dev", host: "h.local" }, body: "b", count: 3, concurrency: 2, timeoutMs: 1500 },
      ]);
      assert.equal(outcomes.length, 3);
      const [a, b, c] = outcomes;
      assert.ok(a?.kind === "response" && a.status === 200 && a.destination === "v2" && a.latencyMs === 1.5);
      assert.ok(b?.kind === "response" && b.status === 403 && b.destination === "v1" && b.body === "RBAC: access denied");
      assert.deepEqual(c, { kind: "error", code: "ECONNRESET", message: "socket hang up", latencyMs: 3 });
    } finally {
      await sender.close();
    }
  });

  it("carries the engine's batches (25 requests in batches of 10 = 3 calls)", async () => {
    const sender = createSender(vantage(), { timeoutMs: 1000, identify });
    try {
      const stats = await runTraffic({ sender, request: req, concurrency: 4, maxRequests: 25, timeoutMs: 1000, batchSize: 10 });
      assert.deepEqual(calls.map((c) => c.count).sort(), [10, 10, 5]);
      assert.ok(calls.every((c) => c.concurrency === 4));
      assert.equal(stats.requests, 25);
      assert.deepEqual(stats.byError, { ECONNRESET: 7 });
      assert.deepEqual(stats.byDestination, { v1: 8, v2: 10 });
    } finally {
      await sender.close();
    }
  });

  for (const [m, expected] of [
    ["500", /vantage fwd: forwarder http:\/\/127\.0\.0\.1:\d+\/forward answered 500: forwarder exploded/],
    ["short", /answered 1 outcomes for 2 requests/],
    ["garbage", /answered non-JSON: <html>/],
  ] as const) {
    it(`a forwarder that ${m === "500" ? "answers 500" : m === "short" ? "returns too few outcomes" : "answers non-JSON"} is a SenderError`, async () => {
      mode = m;
      const sender = createSender(vantage(), { timeoutMs: 1000, vantageName: "fwd" });
      try {
        await assert.rejects(sender.sendBatch(req, 2), (e: Error) => e instanceof SenderError && expected.test(e.message));
      } finally {
        await sender.close();
      }
    });
  }

  it("an unreachable forwarder is a SenderError, and runTraffic rejects with it", async () => {
    const port = await closedPort();
    const sender = createSender({ kind: "forwarder", url: `http://127.0.0.1:${port}/forward`, token: "fake-forwarder-token-01" }, { timeoutMs: 1000, vantageName: "fwd" });
    try {
      await assert.rejects(
        runTraffic({ sender, request: req, concurrency: 1, maxRequests: 5, timeoutMs: 1000, batchSize: 5 }),
        (e: Error) => e instanceof SenderError && /vantage fwd: forwarder .* is unreachable: ECONNREFUSED/.test(e.message),
      );
    } finally {
      await sender.close();
    }
  });
});

const ECHO_TOKEN = "real-echo-admin-token-01";

describe("forwarder sender against the real echo app", () => {
  let caller: RunningEcho;
  let callee: RunningEcho;
  before(async () => {
    const base = { service: "workshop-app", namespace: "workshop-app", port: 0, adminPort: 0, shutdownGraceMs: 100, adminToken: ECHO_TOKEN };
    caller = await startEcho({ ...base, version: "v1", pod: "caller" });
    callee = await startEcho({ ...base, version: "v2", pod: "callee" });
  });
  after(async () => {
    await caller.close();
    await callee.close();
  });

  it("sends through the echo forwarder and identifies the destination", async () => {
    const sender = createSender({ kind: "forwarder", url: `http://127.0.0.1:${caller.adminPort}/forward`, token: ECHO_TOKEN }, { timeoutMs: 2000, identify });
    try {
      const stats = await runTraffic({ sender, request: { url: `http://127.0.0.1:${callee.port}/`, method: "GET", headers: {} }, concurrency: 4, maxRequests: 20, timeoutMs: 2000, batchSize: 10 });
      assert.equal(stats.requests, 20);
      assert.deepEqual(stats.byDestination, { v2: 20 });
      assert.deepEqual(stats.byStatus, { "200": 20 });
    } finally {
      await sender.close();
    }
  });

  it("a forwarder that refuses the profile's token is a SenderError naming the 401", async () => {
    const sender = createSender({ kind: "forwarder", url: `http://127.0.0.1:${caller.adminPort}/forward`, token: "not-this-runs-token-01" }, { timeoutMs: 2000, vantageName: "fwd" });
    try {
      await assert.rejects(sender.send({ url: `http://127.0.0.1:${callee.port}/`, method: "GET", headers: {} }), (e: Error) => e instanceof SenderError && /answered 401: .*wrong x-meshcheck-token/.test(e.message));
    } finally {
      await sender.close();
    }
  });
});
