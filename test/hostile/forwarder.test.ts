// The in-mesh vantage against hostile targets: the echo forwarder reports the status it saw
// (with the body's failure beside it), bounds every request by its deadline and its body by
// a size; the harness's forwarder sender bounds the forwarder's own answer the same way.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ForwardOutcome } from "../../spec/echo/protocol.js";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { observedKey } from "../../spec/outcome.js";
import { SenderError } from "../../harness/traffic/sender.js";
import { createSender } from "../../harness/traffic/senders.js";
import { fromForwardOutcome, observedKey as k6Key } from "../../spec/outcome.js";
import { forwardOk } from "../echo/fixtures.js";
import { startTestEcho } from "../echo/helpers.js";
import { closeMidBody, endlessBody, hostileServer, resetAfterHeaders, trickle, type Behaviour, type HostileServer } from "./servers.js";

const ENDS_WITHIN_MS = 20_000;
const FAKE_TOKEN = "hostile-forwarder-token-0123";

describe("hostile targets through the echo forwarder", function () {
  this.timeout(60_000);
  let caller: RunningEcho;
  const servers: HostileServer[] = [];
  before(async () => (caller = await startTestEcho({ version: "v1", service: "caller", pod: "caller-1" })));
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await caller.close();
  });

  async function forward(b: Behaviour, timeoutMs = 1_500): Promise<{ o: ForwardOutcome; ms: number }> {
    const s = await hostileServer(b);
    servers.push(s);
    const t0 = performance.now();
    const answer = await forwardOk(caller.adminPort, { url: s.url, count: 1, timeoutMs });
    assert.equal(answer.outcomes.length, 1);
    return { o: answer.outcomes[0]!, ms: performance.now() - t0 };
  }

  it("200 + content-length, then a close mid-body: reports status 200 and the body's EOF, not {ok:false, error:EOF}", async () => {
    const { o } = await forward(closeMidBody);
    assert.ok(o.ok, JSON.stringify(o));
    assert.equal(o.status, 200);
    assert.equal(o.bodyError?.error, "EOF");
    // Both vocabularies name it the same way.
    assert.equal(k6Key(fromForwardOutcome(o, { header: "x-version" })), "status:200/body:EOF");
  });

  it("200 then a reset: status 200 with the body's error", async () => {
    const { o } = await forward(resetAfterHeaders);
    assert.ok(o.ok && o.status === 200 && (o.bodyError?.error === "ECONNRESET" || o.bodyError?.error === "EOF"), JSON.stringify(o));
  });

  it("a trickling body: status 200, body error TIMEOUT, ended by the request's deadline", async () => {
    const { o, ms } = await forward(trickle(200));
    assert.ok(o.ok && o.status === 200 && o.bodyError?.error === "TIMEOUT", JSON.stringify(o));
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
  });

  it("an endless body: status 200, body error TOO_LARGE, with a raw prefix of at most 4 KiB", async () => {
    const { o, ms } = await forward(endlessBody, 30_000);
    assert.ok(o.ok && o.status === 200 && o.bodyError?.error === "TOO_LARGE", JSON.stringify(o).slice(0, 300));
    assert.ok(o.ok && (o.body?.length ?? 0) <= 4096);
    assert.ok(ms < ENDS_WITHIN_MS, `took ${ms} ms`);
  });
});

describe("hostile forwarders at the harness's forwarder sender", function () {
  this.timeout(60_000);
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function forwarder(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/forward`;
  }
  const req = { url: "http://workshop-app:8080/", method: "GET", headers: {} };

  it("a forwarder that trickles its answer is a SenderError at the call's deadline, not a hang", async () => {
    const timers: NodeJS.Timeout[] = [];
    const url = await forwarder((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      timers.push(setInterval(() => res.write(" "), 100));
    });
    const sender = createSender({ kind: "forwarder", url, token: FAKE_TOKEN }, { timeoutMs: 200 });
    const t0 = performance.now();
    try {
      // Call deadline: 200 ms × 1 round + 5 s of forwarder slack.
      await assert.rejects(sender.send(req), (e: unknown) => e instanceof SenderError && /did not answer 1 requests within 5200 ms/.test(e.message));
      assert.ok(performance.now() - t0 < ENDS_WITHIN_MS);
    } finally {
      for (const t of timers) clearInterval(t);
      await sender.close();
    }
  });

  it("a forwarder whose answer never ends is a SenderError once it passes its size bound", async () => {
    const url = await forwarder((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = " ".repeat(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const sender = createSender({ kind: "forwarder", url, token: FAKE_TOKEN }, { timeoutMs: 60_000 });
    try {
      await assert.rejects(sender.send(req), (e: unknown) => e instanceof SenderError && /answered more than \d+ bytes for 1 requests/.test(e.message));
    } finally {
      await sender.close();
    }
  });

  it("maps a forwarded answer with a body error to a response keeping its status", async () => {
    const url = await forwarder((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const o: ForwardOutcome = { ok: true, status: 200, headers: { "x-version": "v1" }, bodyError: { error: "EOF", message: "other side closed" }, durationMs: 3 };
      res.end(JSON.stringify({ from: { service: "s", version: "v1", pod: "p", namespace: "n" }, outcomes: [o] }));
    });
    const sender = createSender({ kind: "forwarder", url, token: FAKE_TOKEN }, { timeoutMs: 1_000, identify: { header: "x-version" } });
    try {
      assert.equal(observedKey(await sender.send(req)), "status:200/body:EOF");
    } finally {
      await sender.close();
    }
  });
});
