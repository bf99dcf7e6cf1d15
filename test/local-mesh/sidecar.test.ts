// A sidecar inbound listener on its own, against app stand-ins: how upstream failures look
// (Envoy's 503 texts), that PERMISSIVE serves TLS and plaintext on one port, that each
// connection's caller is the one named in XFCC, and that accepted sockets have Nagle off.
import assert from "node:assert/strict";
import { createServer as createNetServer, Socket, type Server } from "node:net";
import { createServer as createHttpServer } from "node:http";
import { Client, request } from "undici";
import { createLocalCa, type LocalCa } from "../../local-mesh/runtime/ca.js";
import { startInbound } from "../../local-mesh/runtime/sidecar-inbound.js";
import { classifyUpstreamError, spiffeIdentityCheck, UpstreamPools } from "../../local-mesh/runtime/upstream.js";
import type { RunningListener } from "../../local-mesh/runtime/listen.js";

const POD_ID = "spiffe://cluster.local/ns/t/sa/pod";

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

describe("local-mesh sidecar inbound", () => {
  let ca: LocalCa;
  let resetter: Server;
  let resetPort: number;
  const started: RunningListener[] = [];
  before(async () => {
    ca = await createLocalCa("cluster.local");
    // An app that accepts, reads the request, and resets: "disconnect/reset before headers".
    resetter = createNetServer((s) => s.once("data", () => s.resetAndDestroy()));
    resetPort = await listen(resetter);
  });
  after(async () => {
    await Promise.all(started.map((l) => l.close()));
    await new Promise((r) => resetter.close(r));
    await ca.dispose();
  });

  async function inbound(appPort: number) {
    const l = await startInbound({ name: "t", mode: "PERMISSIVE", policies: [], identity: await ca.issue(POD_ID), caPem: ca.caPem, appPort });
    started.push(l);
    return l;
  }

  it("app resets before headers → 503 connection termination", async () => {
    const l = await inbound(resetPort);
    const r = await request(`http://127.0.0.1:${l.port}/`);
    assert.equal(r.statusCode, 503);
    assert.equal(await r.body.text(), "upstream connect error or disconnect/reset before headers. reset reason: connection termination");
  });

  it("app not listening → 503 connection failure", async () => {
    const closed = createNetServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const l = await inbound(port);
    const r = await request(`http://127.0.0.1:${l.port}/`);
    assert.equal(r.statusCode, 503);
    assert.match(await r.body.text(), /reset reason: connection failure$/);
  });

  it("PERMISSIVE serves mTLS on the same port, and the client checks the server's SPIFFE ID", async () => {
    const l = await inbound(resetPort);
    const client = await ca.issue("spiffe://cluster.local/ns/t/sa/client");
    const ok = new Client(`https://127.0.0.1:${l.port}`, {
      connect: { ca: ca.caPem, cert: client.certPem, key: client.keyPem, checkServerIdentity: spiffeIdentityCheck(POD_ID) },
    });
    const wrong = new Client(`https://127.0.0.1:${l.port}`, {
      connect: { ca: ca.caPem, cert: client.certPem, key: client.keyPem, checkServerIdentity: spiffeIdentityCheck("spiffe://cluster.local/ns/t/sa/other") },
    });
    try {
      // The TLS hop succeeded: the 503 comes from the sidecar, after the handshake.
      assert.equal((await ok.request({ path: "/", method: "GET" })).statusCode, 503);
      await assert.rejects(wrong.request({ path: "/", method: "GET" }), /is not the expected spiffe:\/\/cluster\.local\/ns\/t\/sa\/other/);
    } finally {
      await Promise.all([ok.close(), wrong.destroy()]);
    }
  });

  it("each keep-alive mTLS connection's requests name that connection's caller in XFCC", async () => {
    // An app that answers with the XFCC its sidecar set.
    const app = createHttpServer((req, res) => res.end(req.headers["x-forwarded-client-cert"] ?? ""));
    const appPort = await listen(app);
    const l = await inbound(appPort);
    const ids = ["spiffe://cluster.local/ns/t/sa/alice", "spiffe://cluster.local/ns/t/sa/bob"];
    const clients = await Promise.all(
      ids.map(async (id) => {
        const cert = await ca.issue(id);
        return new Client(`https://127.0.0.1:${l.port}`, {
          connect: { ca: ca.caPem, cert: cert.certPem, key: cert.keyPem, checkServerIdentity: spiffeIdentityCheck(POD_ID) },
          pipelining: 1,
        });
      }),
    );
    try {
      // Alternate callers, several requests per connection: the identity parsed for one
      // connection must never answer for the other.
      for (let round = 0; round < 3; round++) {
        for (const [i, client] of clients.entries()) {
          const r = await client.request({ path: `/${round}`, method: "GET" });
          const xfcc = await r.body.text();
          assert.match(xfcc, new RegExp(`;URI=${ids[i]!.replace(/[/.]/g, "\\$&")}$`), `round ${round}, caller ${ids[i]}: ${xfcc}`);
        }
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await new Promise((r) => app.close(r));
    }
  });

  it("turns Nagle off on every socket it accepts (else a two-write answer waits for a delayed ACK)", async () => {
    const l = await inbound(resetPort);
    const original = Socket.prototype.setNoDelay;
    const noDelayPorts: number[] = [];
    // Recorded on the server's side of the connection: its local port is the listener's.
    Socket.prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
      if (noDelay !== false && this.localPort === l.port) noDelayPorts.push(this.localPort);
      return original.call(this, noDelay);
    };
    try {
      const r = await request(`http://127.0.0.1:${l.port}/`);
      await r.body.dump();
    } finally {
      Socket.prototype.setNoDelay = original;
    }
    assert.deepEqual(noDelayPorts, [l.port]);
  });

  it("a proxy's upstream pool presents its certificate, trusts only the mesh CA, and checks the SPIFFE ID", async () => {
    const app = createHttpServer((req, res) => res.end(req.headers["x-forwarded-client-cert"] ?? ""));
    const appPort = await listen(app);
    const strict = await startInbound({ name: "s", mode: "STRICT", policies: [], identity: await ca.issue(POD_ID), caPem: ca.caPem, appPort });
    started.push(strict);
    const foreignCa = await createLocalCa("cluster.local");
    const foreign = await startInbound({ name: "f", mode: "STRICT", policies: [], identity: await foreignCa.issue(POD_ID), caPem: foreignCa.caPem, appPort });
    started.push(foreign);
    const caller = "spiffe://cluster.local/ns/t/sa/caller";
    const me = await ca.issue(caller);
    const pools = new UpstreamPools({ caPem: ca.caPem, certPem: me.certPem, keyPem: me.keyPem });
    try {
      // STRICT resets a connection without a client certificate: an answer proves ours was sent.
      const r = await pools.pool({ port: strict.port, expectSpiffe: POD_ID }).request({ path: "/", method: "GET" });
      assert.match(await r.body.text(), new RegExp(`;URI=${caller.replace(/[/.]/g, "\\$&")}$`));
      const err = await pools.pool({ port: foreign.port, expectSpiffe: POD_ID }).request({ path: "/", method: "GET" }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.equal(err && classifyUpstreamError(err).kind, "tls", `a server certified by another CA: ${String(err)}`);
      await assert.rejects(
        pools.pool({ port: strict.port, expectSpiffe: "spiffe://cluster.local/ns/t/sa/other" }).request({ path: "/", method: "GET" }),
        /is not the expected spiffe:\/\/cluster\.local\/ns\/t\/sa\/other/,
      );
    } finally {
      await pools.close();
      await foreignCa.dispose();
      await new Promise((r) => app.close(r));
    }
  });
});
