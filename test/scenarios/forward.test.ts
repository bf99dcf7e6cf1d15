import assert from "node:assert/strict";
import { forwardBody, forwardHeaders, readForwardResponse } from "../../spec/echo/forward.js";
import * as guard from "../../apps/echo/src/admin-guard.js";
import { validateForward } from "../../apps/echo/src/forward-validate.js";

describe("spec/echo/forward", () => {
  it("sends what the forwarder's guard lets through: the token header and JSON", () => {
    const token = "k6-admin-token-000001";
    assert.equal(guard.refuseAdminRequest({ host: "127.0.0.1:8081", ...forwardHeaders(token) }, token), undefined);
    assert.equal(guard.refuseAdminRequest({ host: "127.0.0.1:8081", ...forwardHeaders(token) }, `${token}x`)?.status, 401);
  });

  it("builds bodies the echo forwarder accepts, Host included and knobs clamped", () => {
    const body = forwardBody({ url: "http://127.0.0.1:9/", method: "GET", headers: { "x-env": "dev" }, host: "workshop-app.local", count: 3, concurrency: 500, timeoutMs: 999_999, newConnectionPerRequest: true });
    assert.deepEqual(body, { url: "http://127.0.0.1:9/", method: "GET", headers: { "x-env": "dev", host: "workshop-app.local" }, count: 3, concurrency: 3, timeoutMs: 60_000, newConnectionPerRequest: true });
    const v = validateForward(JSON.stringify(body));
    assert.equal(v.ok, true, v.ok ? "" : v.error);
    assert.throws(() => forwardBody({ url: "http://h/", method: "GET", headers: {}, count: 0, timeoutMs: 1 }), /count must be/);
  });

  it("turns a broken forwarder into one reason, never into outcomes", () => {
    assert.match(readForwardResponse(0, null, 1, "http://f/forward") as string, /unreachable/);
    assert.match(readForwardResponse(400, "bad count", 1, "http://f/forward") as string, /answered 400: bad count/);
    assert.match(readForwardResponse(200, "<html>", 1, "http://f/forward") as string, /non-JSON/);
    assert.match(readForwardResponse(200, '{"outcomes":[]}', 1, "http://f/forward") as string, /answered 0 outcomes for 1 requests/);
    const ok = readForwardResponse(200, '{"from":{},"outcomes":[{"ok":false,"error":"EOF","message":"x","durationMs":1}]}', 1, "http://f/forward");
    assert.equal(typeof ok === "object" && ok.outcomes.length, 1);
  });
});
