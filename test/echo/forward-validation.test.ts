import assert from "node:assert/strict";
import { request } from "undici";
import { FORWARD_LIMITS } from "../../spec/echo/protocol.js";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { postForward } from "./fixtures.js";
import { get, startTestEcho } from "./helpers.js";

describe("echo forwarder input validation", () => {
  let echo: RunningEcho;
  before(async () => {
    echo = await startTestEcho();
  });
  after(() => echo.close());

  const url = "http://127.0.0.1:9/";
  const good = { url, count: 1, timeoutMs: 1000 };
  const cases: [string, unknown, RegExp][] = [
    ["malformed JSON", "{not json", /not valid JSON/],
    ["a JSON array", [], /must be a JSON object/],
    ["missing url", { count: 1, timeoutMs: 1000 }, /missing field "url"/],
    ["missing count", { url, timeoutMs: 1000 }, /missing field "count"/],
    ["missing timeoutMs", { url, count: 1 }, /missing field "timeoutMs"/],
    ["an unknown field", { ...good, timeout: 5 }, /unknown field "timeout"/],
    ["a relative url", { ...good, url: "/path" }, /not an absolute URL/],
    ["an ftp url", { ...good, url: "ftp://example.com/" }, /http: or https:/],
    ["credentials in the url", { ...good, url: "http://u:p@example.com/" }, /credentials/],
    ["a method that is not a token", { ...good, method: "GET /x" }, /method must be an HTTP token/],
    ["CONNECT", { ...good, method: "CONNECT" }, /CONNECT is not supported/],
    ["count 0", { ...good, count: 0 }, /"count" must be >= 1/],
    ["count above the cap", { ...good, count: FORWARD_LIMITS.maxCount + 1 }, /"count" must be <= 10000/],
    ["a fractional count", { ...good, count: 1.5 }, /"count" must be integer/],
    ["concurrency above the cap", { ...good, concurrency: FORWARD_LIMITS.maxConcurrency + 1 }, /"concurrency" must be <= 64/],
    ["concurrency 0", { ...good, concurrency: 0 }, /"concurrency" must be >= 1/],
    ["timeoutMs above the cap", { ...good, timeoutMs: FORWARD_LIMITS.maxTimeoutMs + 1 }, /"timeoutMs" must be <= 60000/],
    ["timeoutMs 0", { ...good, timeoutMs: 0 }, /"timeoutMs" must be >= 1/],
    ["a string count", { ...good, count: "3" }, /"count" must be integer/],
    ["a bad header name", { ...good, headers: { "bad name": "x" } }, /header name "bad name"/],
    ["a header value with CRLF", { ...good, headers: { "x-a": "1\r\nx-b: 2" } }, /"headers.x-a" contains characters/],
    ["a non-string header value", { ...good, headers: { "x-a": 1 } }, /"headers.x-a" must be string/],
    ["a connection header", { ...good, headers: { Connection: "close" } }, /newConnectionPerRequest/],
    ["a transfer-encoding header", { ...good, headers: { "transfer-encoding": "chunked" } }, /managed by the forwarder/],
    ["a body field too large", { ...good, body: "x".repeat(FORWARD_LIMITS.maxBodyBytes + 1) }, /"body" is larger than/],
    ["a non-boolean newConnectionPerRequest", { ...good, newConnectionPerRequest: "yes" }, /must be boolean/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers 400 with a clear message for ${what}`, async () => {
      const answer = await postForward(echo.adminPort, body);
      assert.equal(answer.status, 400);
      const error = (answer.json as { error?: unknown }).error;
      assert.equal(typeof error, "string");
      assert.match(error as string, message);
      assert.doesNotMatch(error as string, /\n/, "one line");
    });
  }

  it("answers 400 for a request body beyond the admin cap, and keeps serving", async () => {
    const answer = await postForward(echo.adminPort, "x".repeat(FORWARD_LIMITS.maxBodyBytes * 4 + 1));
    assert.equal(answer.status, 400);
    assert.match((answer.json as { error: string }).error, /request body is larger than/);
    assert.equal((await get(echo.adminPort, "/healthz")).status, 200);
  });

  it("answers 405 with Allow for a wrong method and 404 for an unknown path", async () => {
    const wrong = await get(echo.adminPort, "/forward");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers["allow"], "POST");
    assert.match(JSON.parse(wrong.text).error, /GET not allowed on \/forward/);
    const missing = await get(echo.adminPort, "/nope");
    assert.equal(missing.status, 404);
    assert.match(JSON.parse(missing.text).error, /no admin endpoint "\/nope"/);
  });

  it("answers GET /healthz on the admin port", async () => {
    const answer = await get(echo.adminPort, "/healthz");
    assert.equal(answer.status, 200);
    assert.equal(answer.text, "ok");
  });

  it("is not reachable on the service port: /forward there is just an echo", async () => {
    const res = await request(`http://127.0.0.1:${echo.port}/forward`, {
      method: "POST",
      body: JSON.stringify({ url: `http://127.0.0.1:${echo.port}/`, count: 1, timeoutMs: 1000 }),
    });
    const reply = (await res.body.json()) as { path: string; outcomes?: unknown; version: string };
    assert.equal(res.statusCode, 200);
    assert.equal(reply.path, "/forward");
    assert.equal(reply.version, "v1");
    assert.equal(reply.outcomes, undefined, "no forward happened");
  });
});
