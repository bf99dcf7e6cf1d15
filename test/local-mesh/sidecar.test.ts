// A sidecar inbound listener on its own, against app stand-ins: how upstream failures look
// (Envoy's 503 texts) and that PERMISSIVE serves TLS and plaintext on one port.
import assert from "node:assert/strict";
import { createServer as createNetServer, type Server } from "node:net";
import { Client, request } from "undici";
import { createLocalCa, type LocalCa } from "../../local-mesh/runtime/ca.js";
import { startInbound } from "../../local-mesh/runtime/sidecar-inbound.js";
import { spiffeIdentityCheck } from "../../local-mesh/runtime/upstream.js";
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
});
