import assert from "node:assert/strict";
import { classifyK6Error, fromForwardOutcome, fromPlainResponse, isConnectionReject, observedKey, withPath } from "../../spec/outcome.js";
import { observedKey as harnessKey } from "../../spec/outcome.js";
import { toOutcome } from "../../harness/traffic/forwarder-sender.js";
import type { ForwardOutcome } from "../../spec/echo/protocol.js";

const rule = { header: "x-version", jsonField: "version" };

describe("spec/outcome.ts", () => {
  it("names forwarder outcomes exactly as the harness does", () => {
    const outcomes: ForwardOutcome[] = [
      { ok: true, status: 200, headers: { "x-version": "v2" }, durationMs: 1 },
      { ok: true, status: 200, headers: {}, body: '{"version":"dev"}', durationMs: 1 },
      { ok: true, status: 200, headers: {}, body: "plain", durationMs: 1 },
      { ok: true, status: 403, headers: {}, body: "RBAC: access denied", durationMs: 1 },
      { ok: true, status: 404, headers: { "x-version": "v1" }, durationMs: 1 },
      { ok: false, error: "ECONNRESET", message: "reset", durationMs: 1 },
      { ok: false, error: "EOF", message: "closed", durationMs: 1 },
    ];
    for (const o of outcomes) assert.equal(observedKey(fromForwardOutcome(o, rule)), harnessKey(toOutcome(o, { identify: rule })), JSON.stringify(o));
    assert.deepEqual(outcomes.map((o) => observedKey(fromForwardOutcome(o, rule))), ["dest:v2", "dest:dev", "status:200", "status:403", "status:404", "error:ECONNRESET", "error:EOF"]);
  });

  it("reads the caller's SPIFFE ID from the echo JSON", () => {
    const o = fromForwardOutcome({ ok: true, status: 200, headers: {}, echo: { version: "v1", caller: { uri: "spiffe://cluster.local/ns/a/sa/b", raw: "" } } as never, durationMs: 2 }, rule);
    assert.equal(o.kind === "response" ? o.caller : undefined, "spiffe://cluster.local/ns/a/sa/b");
    assert.equal(observedKey(o), "dest:v1");
  });

  it("finds the identify header whatever case k6 gives it", () => {
    const o = fromPlainResponse({ status: 200, headers: { "X-Version": "prod" }, body: "{}", error: "", error_code: 0, durationMs: 3 }, rule);
    assert.equal(observedKey(o), "dest:prod");
    assert.equal(o.latencyMs, 3);
  });

  it("maps k6 error codes to the forwarder's classes; only reset, EOF and TLS are connection rejects", () => {
    assert.equal(classifyK6Error(1220, "read: connection reset by peer"), "ECONNRESET");
    assert.equal(classifyK6Error(1000, 'Get "http://x/": EOF'), "EOF");
    assert.equal(classifyK6Error(1310, "x509: unknown authority"), "TLS");
    assert.equal(classifyK6Error(1212, "dial: connection refused"), "ECONNREFUSED");
    assert.equal(classifyK6Error(1050, "request timeout"), "TIMEOUT");
    assert.equal(classifyK6Error(1101, "lookup: no such host"), "DNS");
    assert.equal(classifyK6Error(1000, "something else"), "OTHER");
    const reset = fromPlainResponse({ status: 0, headers: {}, body: null, error: "read: connection reset by peer", error_code: 1220 }, rule);
    const refused = fromPlainResponse({ status: 0, headers: {}, body: null, error: "dial: connection refused", error_code: 1212 }, rule);
    assert.equal(observedKey(reset), "error:ECONNRESET");
    assert.equal(isConnectionReject(reset), true);
    assert.equal(isConnectionReject(refused), false);
    assert.equal(isConnectionReject(fromPlainResponse({ status: 403, headers: {}, body: "RBAC: access denied", error: "", error_code: 1403 }, rule)), false);
  });

  it("puts a path on a URL's origin like new URL(path, base)", () => {
    assert.equal(withPath("http://workshop-app-v1.workshop-app:8080/", "/admin"), new URL("/admin", "http://workshop-app-v1.workshop-app:8080/").toString());
    assert.equal(withPath("https://h:1/a/b?q", "/x"), "https://h:1/x");
    assert.throws(() => withPath("/relative", "/x"), /not an absolute/);
  });
});
