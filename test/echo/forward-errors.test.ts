import assert from "node:assert/strict";
import { errors } from "undici";
import { classifyError, messageOf } from "../../apps/echo/src/forward-errors.js";

function errno(code: string): Error {
  return Object.assign(new Error(`synthetic ${code}`), { code });
}

describe("forward error classification", () => {
  const cases: [string, unknown, string][] = [
    ["undici headers timeout", new errors.HeadersTimeoutError(), "TIMEOUT"],
    ["undici body timeout", new errors.BodyTimeoutError(), "TIMEOUT"],
    ["undici connect timeout", new errors.ConnectTimeoutError(), "TIMEOUT"],
    ["undici socket closed by peer", new errors.SocketError("other side closed"), "EOF"],
    ["ECONNREFUSED", errno("ECONNREFUSED"), "ECONNREFUSED"],
    ["ECONNRESET", errno("ECONNRESET"), "ECONNRESET"],
    ["EPIPE", errno("EPIPE"), "ECONNRESET"],
    ["ENOTFOUND", errno("ENOTFOUND"), "DNS"],
    ["EAI_AGAIN", errno("EAI_AGAIN"), "DNS"],
    ["an OpenSSL error", errno("ERR_SSL_WRONG_VERSION_NUMBER"), "TLS"],
    ["a certificate verification error", errno("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "TLS"],
    ["a hostname mismatch", errno("ERR_TLS_CERT_ALTNAME_INVALID"), "TLS"],
    ["a code wrapped as a cause", new TypeError("fetch failed", { cause: errno("ECONNRESET") }), "ECONNRESET"],
    ["happy eyeballs' AggregateError", new AggregateError([errno("ECONNREFUSED"), errno("ECONNREFUSED")]), "ECONNREFUSED"],
    ["a parser error", errno("HPE_INVALID_CONSTANT"), "OTHER"],
    ["no code at all", new Error("other side closed"), "OTHER"],
    ["a thrown string", "boom", "OTHER"],
  ];
  for (const [what, err, expected] of cases) {
    it(`classifies ${what} as ${expected}`, () => {
      assert.equal(classifyError(err), expected);
    });
  }

  it("puts the code in the message when the message lacks it", () => {
    assert.equal(messageOf(Object.assign(new Error("broken pipe"), { code: "EPIPE" })), "EPIPE: broken pipe");
    assert.equal(messageOf(new Error("connect ECONNREFUSED 127.0.0.1:1", { cause: undefined })), "connect ECONNREFUSED 127.0.0.1:1");
  });
});
