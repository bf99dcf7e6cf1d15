import assert from "node:assert/strict";
import { classifyError } from "../../apps/echo/src/forward-errors.js";
import { createDirectSender } from "../../harness/traffic/direct-sender.js";
import type { Outcome } from "../../harness/traffic/outcome.js";
import { createSender } from "../../harness/traffic/senders.js";
import type { Sender } from "../../harness/traffic/sender.js";
import { createTestPki, type TestPki } from "./certs.js";
import { closedPort, httpServer, httpsServer, tcpServer, type TestServer } from "./servers.js";

const get = (url: string) => ({ url, method: "GET", headers: {} });

function errorCode(o: Outcome): string {
  assert.equal(o.kind, "error", `expected an error outcome, got ${JSON.stringify(o)}`);
  return o.kind === "error" ? o.code : "";
}

describe("error classification against real servers", () => {
  let sender: Sender;
  const servers: TestServer[] = [];
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki();
    sender = createDirectSender({ timeoutMs: 300 });
  });
  after(async () => {
    await sender.close();
    await Promise.all(servers.map((s) => s.close()));
    await pki.dispose();
  });
  const serve = async (s: Promise<TestServer>) => {
    const server = await s;
    servers.push(server);
    return server;
  };

  it("ECONNREFUSED: nothing listens", async () => {
    const port = await closedPort();
    assert.equal(errorCode(await sender.send(get(`http://127.0.0.1:${port}/`))), "ECONNREFUSED");
  });

  it("ECONNRESET: the server resets the connection", async () => {
    const s = await serve(tcpServer((sock) => sock.resetAndDestroy()));
    assert.equal(errorCode(await sender.send(get(s.url))), "ECONNRESET");
  });

  it("EOF: the server closes the connection without answering", async () => {
    const s = await serve(tcpServer((sock) => sock.end()));
    assert.equal(errorCode(await sender.send(get(s.url))), "EOF");
  });

  it("TIMEOUT: the server never answers", async () => {
    const s = await serve(httpServer(() => {}));
    const o = await sender.send(get(s.url));
    assert.equal(errorCode(o), "TIMEOUT");
  });

  it("TLS: the server's certificate is not trusted (verification stays on)", async () => {
    const s = await serve(httpsServer({ ...pki.rogueServer }, (_q, r) => r.end("should not be seen")));
    const tls = createSender(
      { kind: "tls", cert: pki.files.clientCert, key: pki.files.clientKey, ca: pki.files.ca },
      { timeoutMs: 2000 },
    );
    try {
      assert.equal(errorCode(await tls.send(get(s.url))), "TLS");
      // The direct vantage trusts only the system CAs: also refused, also TLS.
      assert.equal(errorCode(await sender.send(get(s.url))), "TLS");
    } finally {
      await tls.close();
    }
  });

  it("maps stable codes on the error, its cause chain and AggregateError members", () => {
    const withCode = (code: string) => Object.assign(new Error("x"), { code });
    assert.equal(classifyError(withCode("ENOTFOUND")), "DNS");
    assert.equal(classifyError(withCode("EAI_AGAIN")), "DNS");
    assert.equal(classifyError(withCode("UND_ERR_CONNECT_TIMEOUT")), "TIMEOUT");
    assert.equal(classifyError(withCode("UND_ERR_BODY_TIMEOUT")), "TIMEOUT");
    assert.equal(classifyError(withCode("ERR_TLS_CERT_ALTNAME_INVALID")), "TLS");
    assert.equal(classifyError(withCode("DEPTH_ZERO_SELF_SIGNED_CERT")), "TLS");
    assert.equal(classifyError(new Error("fetch failed", { cause: withCode("ECONNRESET") })), "ECONNRESET");
    assert.equal(classifyError(new AggregateError([withCode("ECONNREFUSED")])), "ECONNREFUSED");
    assert.equal(classifyError(new DOMException("timed out", "TimeoutError")), "TIMEOUT");
    // The message text is never read: a scary message with no code is OTHER.
    assert.equal(classifyError(new Error("ECONNREFUSED connection refused")), "OTHER");
    assert.equal(classifyError("boom"), "OTHER");
  });
});
