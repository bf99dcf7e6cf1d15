import assert from "node:assert/strict";
import { request } from "undici";
import type { ForwardOutcome } from "../../spec/echo/protocol.js";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { closedPort, forwardOk, listenHttp, listenNet } from "./fixtures.js";
import { startTestEcho, TEST_ADMIN_TOKEN } from "./helpers.js";

function only(outcomes: ForwardOutcome[]): ForwardOutcome {
  assert.equal(outcomes.length, 1);
  return outcomes[0] as ForwardOutcome;
}

describe("echo forwarder (admin port)", () => {
  let caller: RunningEcho;
  let target: RunningEcho;
  before(async () => {
    caller = await startTestEcho({ version: "v1", service: "caller", pod: "caller-1" });
    target = await startTestEcho({ version: "v2", service: "target", pod: "target-1" });
  });
  after(async () => {
    await caller.close();
    await target.close();
  });

  it("forwards to another echo and returns its reply, status and headers", async () => {
    const answer = await forwardOk(caller.adminPort, {
      url: `http://127.0.0.1:${target.port}/hello?q=1`,
      method: "PUT",
      headers: { "x-env": "dev" },
      body: "payload",
      count: 3,
      timeoutMs: 5_000,
    });
    assert.deepEqual(answer.from, { service: "caller", version: "v1", pod: "caller-1", namespace: "workshop-app" });
    assert.equal(answer.outcomes.length, 3);
    for (const outcome of answer.outcomes) {
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.status, 200);
      assert.equal(outcome.headers["x-version"], "v2");
      assert.equal(outcome.echo?.service, "target");
      assert.equal(outcome.echo?.method, "PUT");
      assert.equal(outcome.echo?.path, "/hello");
      assert.deepEqual(outcome.echo?.query, { q: "1" });
      assert.equal(outcome.echo?.headers["x-env"], "dev");
      assert.equal(outcome.echo?.headers["host"], `127.0.0.1:${target.port}`);
      assert.equal(outcome.body, undefined);
      assert.ok(outcome.durationMs >= 0);
    }
  });

  it("reports non-2xx answers as answers, with the raw body when it is not echo JSON", async () => {
    const denier = await listenHttp((_req, res) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("RBAC: access denied" + "x".repeat(10_000));
    });
    try {
      const answer = await forwardOk(caller.adminPort, { url: `http://127.0.0.1:${denier.port}/`, count: 1, timeoutMs: 5_000 });
      const outcome = only(answer.outcomes);
      assert.ok(outcome.ok);
      assert.equal(outcome.status, 403);
      assert.equal(outcome.echo, undefined);
      assert.ok(outcome.body?.startsWith("RBAC: access denied"));
      assert.equal(outcome.body?.length, 4096, "raw body is capped at 4 KiB");
    } finally {
      await denier.close();
    }
  });

  for (const newConnectionPerRequest of [false, true]) {
    it(`never has more than \`concurrency\` requests in flight (newConnectionPerRequest: ${newConnectionPerRequest})`, async () => {
      let inFlight = 0;
      let peak = 0;
      const slow = await listenHttp((_req, res) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          res.end("done");
        }, 20);
      });
      try {
        const answer = await forwardOk(caller.adminPort, {
          url: `http://127.0.0.1:${slow.port}/`,
          count: 12,
          concurrency: 3,
          timeoutMs: 5_000,
          newConnectionPerRequest,
        });
        assert.equal(answer.outcomes.length, 12);
        assert.ok(answer.outcomes.every((o) => o.ok && o.status === 200 && o.body === "done"));
        assert.equal(peak, 3, "the bound is reached and never exceeded");
        if (newConnectionPerRequest) assert.equal(slow.connections(), 12);
        else assert.ok(slow.connections() <= 3, `keep-alive reuses at most 3 connections, saw ${slow.connections()}`);
      } finally {
        await slow.close();
      }
    });
  }

  it("opens a fresh connection per request when asked", async () => {
    const server = await listenHttp((_req, res) => res.end("ok"));
    try {
      const base = { url: `http://127.0.0.1:${server.port}/`, count: 5, timeoutMs: 5_000 };
      await forwardOk(caller.adminPort, base);
      assert.equal(server.connections(), 1, "keep-alive: one connection for five sequential requests");
      const answer = await forwardOk(caller.adminPort, { ...base, newConnectionPerRequest: true });
      assert.ok(answer.outcomes.every((o) => o.ok && o.status === 200));
      assert.equal(server.connections(), 1 + 5);
    } finally {
      await server.close();
    }
  });

  it("stops sending when its caller goes away", async () => {
    let arrived!: () => void;
    let dropped!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const closedByForwarder = new Promise<void>((resolve) => (dropped = resolve));
    const silent = await listenNet((socket) => {
      arrived();
      socket.resume(); // a paused socket never sees the peer's FIN
      socket.on("close", () => dropped());
    });
    try {
      const abort = new AbortController();
      const pending = request(`http://127.0.0.1:${caller.adminPort}/forward`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-meshcheck-token": TEST_ADMIN_TOKEN },
        body: JSON.stringify({ url: `http://127.0.0.1:${silent.port}/`, count: 1, timeoutMs: 60_000 }),
        signal: abort.signal,
      }).catch((err: unknown) => err);
      await reached;
      abort.abort();
      await pending;
      // Without cancellation the forwarder would hold this connection for 60 s; mocha's
      // timeout would fail the test long before.
      await closedByForwarder;
    } finally {
      await silent.close();
    }
  });

  it("classifies a refused connection as ECONNREFUSED", async () => {
    const port = await closedPort();
    const outcome = only((await forwardOk(caller.adminPort, { url: `http://127.0.0.1:${port}/`, count: 1, timeoutMs: 5_000 })).outcomes);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error, "ECONNREFUSED");
  });

  it("classifies a server that never answers as TIMEOUT", async () => {
    const silent = await listenNet(() => undefined);
    try {
      const outcome = only((await forwardOk(caller.adminPort, { url: `http://127.0.0.1:${silent.port}/`, count: 1, timeoutMs: 150 })).outcomes);
      assert.equal(!outcome.ok && outcome.error, "TIMEOUT", JSON.stringify(outcome));
    } finally {
      await silent.close();
    }
  });

  it("classifies a reset connection as ECONNRESET", async () => {
    const resetter = await listenNet((socket) => socket.once("data", () => socket.resetAndDestroy()));
    try {
      const outcome = only((await forwardOk(caller.adminPort, { url: `http://127.0.0.1:${resetter.port}/`, count: 1, timeoutMs: 5_000 })).outcomes);
      assert.equal(!outcome.ok && outcome.error, "ECONNRESET", JSON.stringify(outcome));
    } finally {
      await resetter.close();
    }
  });

  it("classifies a peer that closes without answering as EOF", async () => {
    const closer = await listenNet((socket) => socket.once("data", () => socket.end()));
    try {
      const outcome = only((await forwardOk(caller.adminPort, { url: `http://127.0.0.1:${closer.port}/`, count: 1, timeoutMs: 5_000 })).outcomes);
      assert.equal(!outcome.ok && outcome.error, "EOF", JSON.stringify(outcome));
    } finally {
      await closer.close();
    }
  });

  it("classifies a TLS handshake failure as TLS (verification stays on)", async () => {
    // A plaintext HTTP server on an https: URL: the handshake cannot succeed.
    const plain = await listenHttp((_req, res) => res.end("plaintext"));
    try {
      const outcome = only((await forwardOk(caller.adminPort, { url: `https://127.0.0.1:${plain.port}/`, count: 1, timeoutMs: 5_000 })).outcomes);
      assert.equal(!outcome.ok && outcome.error, "TLS", JSON.stringify(outcome));
    } finally {
      await plain.close();
    }
  });

  it("sends through the outbound proxy, keeping the URL's authority and path", async () => {
    const seen: { host?: string; url?: string }[] = [];
    const proxy = await listenHttp((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.end("via proxy");
    });
    const meshed = await startTestEcho({ outboundProxy: `http://127.0.0.1:${proxy.port}` });
    try {
      const port = await closedPort(); // the URL's own host must not be dialled
      const answer = await forwardOk(meshed.adminPort, {
        url: `http://workshop-app-v1.workshop-app:${port}/a/b?c=d`,
        count: 2,
        timeoutMs: 5_000,
      });
      assert.ok(answer.outcomes.every((o) => o.ok && o.body === "via proxy"), JSON.stringify(answer.outcomes));
      assert.deepEqual(seen, [
        { host: `workshop-app-v1.workshop-app:${port}`, url: "/a/b?c=d" },
        { host: `workshop-app-v1.workshop-app:${port}`, url: "/a/b?c=d" },
      ]);
    } finally {
      await meshed.close();
      await proxy.close();
    }
  });

  it("lets an explicit Host header win over the URL's authority", async () => {
    const answer = await forwardOk(caller.adminPort, {
      url: `http://127.0.0.1:${target.port}/`,
      headers: { Host: "canary.workshop-app.local" },
      count: 1,
      timeoutMs: 5_000,
    });
    const outcome = only(answer.outcomes);
    assert.equal(outcome.ok && outcome.echo?.headers["host"], "canary.workshop-app.local");
  });
});
