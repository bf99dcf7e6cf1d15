import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { Client } from "undici";
import { serviceHandler } from "../../apps/echo/src/service.js";
import { forwardOk, heldTarget } from "./fixtures.js";
import { echoOf, get, startTestEcho } from "./helpers.js";

/** Resolves with the connect error code (or "connected"). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
  });
}

/**
 * A `random` that reports when a request reached the failure draw, i.e. is being handled.
 * With `?failRatio=1e-9` and a draw of 0.5 the request never fails, and the draw happens just
 * before /delay starts waiting: a deterministic "request in flight" signal, no sleeps.
 */
function inFlightProbe(): { random: () => number; reached: Promise<void> } {
  let signal!: () => void;
  const reached = new Promise<void>((resolve) => (signal = resolve));
  return {
    random: () => {
      signal();
      return 0.5;
    },
    reached,
  };
}

describe("echo graceful shutdown (in-process)", () => {
  it("finishes an in-flight /delay request with 200, then refuses new connections", async () => {
    const probe = inFlightProbe();
    const echo = await startTestEcho({ random: probe.random, shutdownGraceMs: 5_000 });
    const inFlight = get(echo.port, "/delay/200?failRatio=1e-9");
    await probe.reached;
    const closed = echo.close();
    const answer = await inFlight;
    await closed;
    assert.equal(answer.status, 200);
    assert.equal(echoOf(answer).path, "/delay/200");
    assert.equal(answer.headers["connection"], "close", "a draining server does not keep the connection");
    assert.equal(await tryConnect(echo.port), "ECONNREFUSED");
    assert.equal(await tryConnect(echo.adminPort), "ECONNREFUSED");
  });

  it("destroys what is still running when the grace period ends, so close() returns", async () => {
    const probe = inFlightProbe();
    const echo = await startTestEcho({ random: probe.random, shutdownGraceMs: 50 });
    const inFlight = get(echo.port, "/delay/60000?failRatio=1e-9").then(
      () => "answered",
      (err: { code?: string }) => err.code ?? "error",
    );
    await probe.reached;
    await echo.close();
    assert.notEqual(await inFlight, "answered");
  });

  it("closes idle keep-alive connections at once and is idempotent", async () => {
    const echo = await startTestEcho();
    const client = new Client(`http://127.0.0.1:${echo.port}`);
    try {
      const res = await client.request({ path: "/", method: "GET" });
      await res.body.dump();
      await Promise.all([echo.close(), echo.close()]);
      assert.equal(await tryConnect(echo.port), "ECONNREFUSED");
    } finally {
      await client.close();
    }
  });

  it("lets an in-flight forward finish during shutdown", async () => {
    const target = await heldTarget("late but fine");
    const { reached, release } = target;
    const echo = await startTestEcho({ shutdownGraceMs: 5_000 });
    try {
      const forwarding = forwardOk(echo.adminPort, { url: `http://127.0.0.1:${target.port}/`, count: 1, timeoutMs: 5_000 });
      await reached;
      const closed = echo.close();
      release();
      const answer = await forwarding;
      await closed;
      assert.deepEqual(
        answer.outcomes.map((o) => o.ok && o.body),
        ["late but fine"],
      );
    } finally {
      release();
      await echo.close();
      await target.close();
    }
  });
});

describe("echo service handler while draining", () => {
  it("fails /readyz with 503 and asks every client to close its connection", async () => {
    const server = createServer(
      serviceHandler({
        self: { service: "s", version: "v1", pod: "p", namespace: "n" },
        failureRatio: 0,
        random: Math.random,
        draining: () => true,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const readyz = await get(port, "/readyz");
      assert.equal(readyz.status, 503);
      assert.equal(readyz.headers["connection"], "close");
      const healthz = await get(port, "/healthz");
      assert.equal(healthz.status, 200, "liveness holds while draining");
      const echoed = await get(port, "/");
      assert.equal(echoed.status, 200);
      assert.equal(echoed.headers["connection"], "close");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
