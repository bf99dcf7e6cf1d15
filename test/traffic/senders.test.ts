import assert from "node:assert/strict";
import type { TLSSocket } from "node:tls";
import { createSender } from "../../harness/traffic/senders.js";
import { createTestPki, type TestPki } from "./certs.js";
import { httpServer, httpsServer, type TestServer } from "./servers.js";

describe("direct and tls senders", () => {
  const servers: TestServer[] = [];
  let pki: TestPki;
  before(async () => (pki = await createTestPki()));
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await pki.dispose();
  });

  it("sends the Host override, method, headers and body", async () => {
    const seen: string[] = [];
    const s = await httpServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url} host=${req.headers.host} x-env=${String(req.headers["x-env"])} body=${body}`);
        res.end("ok");
      });
    });
    servers.push(s);
    const sender = createSender({ kind: "direct" }, { timeoutMs: 2000 });
    try {
      const o = await sender.send({ url: `${s.url}path?q=1`, method: "POST", headers: { "x-env": "dev" }, host: "canary.workshop-app.local", body: "hi" });
      assert.ok(o.kind === "response" && o.status === 200 && o.body === "ok");
      assert.deepEqual(seen, ["POST /path?q=1 host=canary.workshop-app.local x-env=dev body=hi"]);
    } finally {
      await sender.close();
    }
  });

  it("reuses one connection by default, opens one per request with newConnectionPerRequest", async () => {
    const s = await httpServer((_q, r) => r.end("ok"));
    servers.push(s);
    const req = { url: s.url, method: "GET", headers: {} };
    const keep = createSender({ kind: "direct" }, { timeoutMs: 2000 });
    const fresh = createSender({ kind: "direct" }, { timeoutMs: 2000, newConnectionPerRequest: true });
    try {
      await keep.sendBatch(req, 50);
      // undici may open a second socket while the first is being released; never one per request.
      const kept = s.connections;
      assert.ok(kept >= 1 && kept <= 2, `keep-alive opened ${kept} connections for 50 requests`);
      const outcomes = await fresh.sendBatch(req, 10);
      assert.equal(outcomes.filter((o) => o.kind === "response" && o.status === 200).length, 10);
      assert.equal(s.connections, kept + 10);
    } finally {
      await keep.close();
      await fresh.close();
    }
  });

  it("sendBatch keeps at most `concurrency` in flight and returns outcomes in send order", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let n = 0;
    const held: (() => void)[] = [];
    // Hold every request until 3 are waiting (or none can come), so the bound is reached.
    const s = await httpServer((_q, res) => {
      const mine = n++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(() => {
        inFlight--;
        res.setHeader("x-version", String(mine));
        res.end();
      });
      if (held.length >= 3) for (const release of held.splice(0)) release();
    });
    servers.push(s);
    const sender = createSender({ kind: "direct" }, { timeoutMs: 5000, identify: { header: "x-version" } });
    try {
      const outcomes = await sender.sendBatch({ url: s.url, method: "GET", headers: {} }, 12, { concurrency: 3 });
      assert.equal(maxInFlight, 3);
      assert.equal(outcomes.length, 12);
      assert.ok(outcomes.every((o) => o.kind === "response" && o.status === 200));
    } finally {
      await sender.close();
    }
  });

  it("tls vantage presents its client certificate to a server that requires one", async () => {
    const s = await httpsServer({ ...pki.server, ca: pki.caPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.end(`client=${String(peer.subject?.CN)}`);
    });
    servers.push(s);
    const tls = createSender(
      { kind: "tls", cert: pki.files.clientCert, key: pki.files.clientKey, ca: pki.files.ca, servername: "localhost" },
      { timeoutMs: 2000 },
    );
    try {
      const o = await tls.send({ url: `https://localhost:${s.port}/`, method: "GET", headers: {} });
      assert.ok(o.kind === "response", JSON.stringify(o));
      assert.equal(o.body, "client=meshcheck-client");
    } finally {
      await tls.close();
    }
  });

  it("tls vantage with an unreadable file is a SenderError naming the file", () => {
    assert.throws(
      () => createSender({ kind: "tls", cert: "/nonexistent/c.pem", key: pki.files.clientKey, ca: pki.files.ca }, { timeoutMs: 1000, vantageName: "cert-holder" }),
      /vantage cert-holder: cannot read cert file \/nonexistent\/c\.pem \(ENOENT\)/,
    );
  });
});
