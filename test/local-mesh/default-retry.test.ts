// A route with no retry policy gets Istio's default (1.24+): a connect failure is retried on
// another host, a 503 answer is not; `attempts: 0` turns retrying off. Real sockets: an echo app,
// a closed port, and serveRoute behind a plain HTTP server standing in for the gateway.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { request } from "undici";
import { startEcho, type RunningEcho } from "../../apps/echo/src/server.js";
import { serveRoute, type RouteCall } from "../../local-mesh/runtime/route-policy.js";
import { UpstreamPools } from "../../local-mesh/runtime/upstream.js";
import { TEST_ADMIN_TOKEN } from "../echo/helpers.js";

async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("local mesh: Istio's default retry policy on routes without one", () => {
  let echo: RunningEcho;
  let dead: number;
  let front: Server;
  let pools: UpstreamPools;
  let route: RouteCall["route"] = {};
  /** Hosts in the order a request tries them: the dead one first, unless already tried. */
  let picks: string[] = [];

  before(async () => {
    echo = await startEcho({ version: "v1", service: "s", pod: "p", namespace: "ns", port: 0, adminPort: 0, adminToken: TEST_ADMIN_TOKEN });
    dead = await closedPort();
    pools = new UpstreamPools();
    front = createServer((req, res) => {
      const pick = (tried: ReadonlySet<string>) => {
        const key = tried.has("dead") ? "live" : "dead";
        picks.push(key);
        return { key, port: key === "dead" ? dead : echo.port };
      };
      void serveRoute({ pools, route, pick, headers: {}, random: () => 0 }, req, res);
    });
    await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  });
  after(async () => {
    await new Promise<void>((r) => front.close(() => r()));
    await pools.close();
    await echo.close(0);
  });

  const get = async (path: string) => {
    picks = [];
    const res = await request(`http://127.0.0.1:${(front.address() as { port: number }).port}${path}`);
    return { status: res.statusCode, body: await res.body.text() };
  };

  it("retries a refused connection on another host", async () => {
    route = {};
    const r = await get("/");
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(picks, ["dead", "live"]);
  });

  it("does not retry a 503 the upstream answered", async () => {
    route = {};
    // Only the live host, asked for a 503: one try, however many the policy allows.
    const res = await new Promise<{ status: number; tries: number }>((resolve, reject) => {
      const srv = createServer((req, out) => {
        let tries = 0;
        const pick = () => {
          tries++;
          return { key: "live", port: echo.port };
        };
        void serveRoute({ pools, route, pick, headers: {}, random: () => 0 }, req, out).then(() => resolve({ status: out.statusCode, tries }));
      });
      srv.listen(0, "127.0.0.1", () => {
        request(`http://127.0.0.1:${(srv.address() as { port: number }).port}/status/503`)
          .then((r) => r.body.dump())
          .catch(reject)
          .finally(() => srv.close());
      });
    });
    assert.deepEqual(res, { status: 503, tries: 1 });
  });

  it("attempts: 0 turns it off: the refused connection is the client's 503", async () => {
    route = { retries: { attempts: 0, retryOn: [] } };
    const r = await get("/");
    assert.equal(r.status, 503);
    assert.match(r.body, /connection failure/);
    assert.deepEqual(picks, ["dead"]);
  });
});
