// The admin port answers the harness only: what a web page can make a browser send (a text/plain
// POST with an Origin, a rebound Host, a cross-site fetch) is refused before anything is sent
// into the mesh, and so is a request without the run's token or not declared as JSON.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { refuseAdminRequest } from "../../apps/echo/src/admin-guard.js";
import { isLoopbackHost } from "../../spec/echo/admin-host.js";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { listenHttp, type Fixture } from "./fixtures.js";
import { startTestEcho, TEST_ADMIN_TOKEN } from "./helpers.js";

interface Raw {
  status: number;
  json: { error?: string; outcomes?: unknown[] };
}

/** A POST with exactly these headers (node:http, so Host and Origin are ours to set). */
function rawPost(port: number, path: string, headers: Record<string, string>, body: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Raw["json"] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("echo admin port: only the harness may forward", function () {
  this.timeout(15_000);
  let echo: RunningEcho;
  let target: Fixture;
  let hits = 0;
  let body: string;
  const host = () => `127.0.0.1:${echo.adminPort}`;
  const harness = () => ({ host: host(), "content-type": "application/json", "x-meshcheck-token": TEST_ADMIN_TOKEN });

  before(async () => {
    echo = await startTestEcho();
    target = await listenHttp((_req, res) => {
      hits++;
      res.end("reached");
    });
    // A DELETE into the mesh, as the hostile page in issue 12 sent.
    body = JSON.stringify({ url: `http://127.0.0.1:${target.port}/`, method: "DELETE", count: 1, timeoutMs: 5_000 });
  });
  after(async () => {
    await echo.close();
    await target.close();
  });
  beforeEach(() => (hits = 0));

  it("the harness's own request (token, JSON, loopback Host) is forwarded", async () => {
    for (const name of [host(), `localhost:${echo.adminPort}`, `[::1]:${echo.adminPort}`, "127.0.0.1"]) {
      const r = await rawPost(echo.adminPort, "/forward", { ...harness(), host: name }, body);
      assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.json)}`);
    }
    assert.equal(hits, 4);
  });

  const refused: [string, () => Record<string, string>, number, RegExp][] = [
    ["a cross-site text/plain POST, as a page sends it", () => ({ host: host(), origin: "https://evil.example", "content-type": "text/plain" }), 403, /Origin/],
    ["a cross-site POST that somehow has the token", () => ({ ...harness(), origin: "https://evil.example" }), 403, /Origin/],
    ["Origin: null (a sandboxed page)", () => ({ ...harness(), origin: "null" }), 403, /Origin/],
    ["Sec-Fetch-Site: cross-site without an Origin", () => ({ ...harness(), "sec-fetch-site": "cross-site" }), 403, /Sec-Fetch-Site "cross-site"/],
    ["Sec-Fetch-Site: same-site (a page on another loopback port)", () => ({ ...harness(), "sec-fetch-site": "same-site" }), 403, /Sec-Fetch-Site/],
    ["a rebound Host (DNS rebinding), with the token", () => ({ ...harness(), host: `evil.example:${echo.adminPort}` }), 421, /Host "evil\.example:\d+"/],
    ["a Host that only starts like loopback", () => ({ ...harness(), host: "127.0.0.1.evil.example" }), 421, /Host/],
    ["no token", () => ({ host: host(), "content-type": "application/json" }), 401, /missing x-meshcheck-token/],
    ["a wrong token of the same length", () => ({ ...harness(), "x-meshcheck-token": `${TEST_ADMIN_TOKEN.slice(0, -1)}X` }), 401, /wrong x-meshcheck-token/],
    ["a wrong, shorter token", () => ({ ...harness(), "x-meshcheck-token": "test-admin-token" }), 401, /wrong x-meshcheck-token/],
    ["the token but text/plain", () => ({ ...harness(), "content-type": "text/plain" }), 415, /content-type "text\/plain": send application\/json/],
    ["the token but no content-type", () => ({ host: host(), "x-meshcheck-token": TEST_ADMIN_TOKEN }), 415, /content-type missing/],
  ];
  for (const [what, headers, status, message] of refused) {
    it(`refuses ${what} (${status}) and sends nothing`, async () => {
      const r = await rawPost(echo.adminPort, "/forward", headers(), body);
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.match(r.json.error ?? "", message);
      assert.equal(r.json.outcomes, undefined);
      assert.equal(hits, 0, "the target must not have been reached");
    });
  }

  it("refuses a browser on every admin path, health included", async () => {
    const r = await rawPost(echo.adminPort, "/healthz", { host: `evil.example:${echo.adminPort}` }, "");
    assert.equal(r.status, 421);
  });

  it("refuses a token that is empty, short or unsafe in a header at start", async () => {
    for (const adminToken of ["", "short", "has space in it 123456", "x".repeat(513)]) {
      await assert.rejects(startTestEcho({ adminToken }), /echo option "adminToken" must be 16\.\.512 characters/);
    }
  });
});

describe("admin-guard rules", () => {
  it("loopback Host: 127.0.0.1, localhost, [::1], any port, any case; nothing else", () => {
    for (const ok of ["127.0.0.1", "127.0.0.1:8081", "localhost", "LocalHost:1", "[::1]", "[::1]:65535"]) assert.ok(isLoopbackHost(ok), ok);
    for (const bad of [undefined, "", "evil.example", "evil.example:8081", "localhost.evil.example", "127.0.0.1.nip.io", "localhost.", "[::ffff:127.0.0.1]", "127.0.0.1:", "127.0.0.1:80:80", "0.0.0.0:8081", "10.0.0.1"]) {
      assert.ok(!isLoopbackHost(bad), String(bad));
    }
  });

  it("checks the browser signs before the token: a page learns nothing about the token", () => {
    const r = refuseAdminRequest({ host: "evil.example", "x-meshcheck-token": "wrong" }, TEST_ADMIN_TOKEN);
    assert.equal(r?.status, 421);
    // Node's server answers a Host-less HTTP/1.1 request 400 itself; an HTTP/1.0 one reaches us.
    assert.match(refuseAdminRequest({ "x-meshcheck-token": TEST_ADMIN_TOKEN }, TEST_ADMIN_TOKEN)?.error ?? "", /Host is missing/);
  });

  it("accepts application/json with parameters, in any case", () => {
    const h = { host: "localhost", "x-meshcheck-token": TEST_ADMIN_TOKEN };
    assert.equal(refuseAdminRequest({ ...h, "content-type": "Application/JSON; charset=utf-8" }, TEST_ADMIN_TOKEN), undefined);
    assert.equal(refuseAdminRequest({ ...h, "content-type": "application/json-seq" }, TEST_ADMIN_TOKEN)?.status, 415);
  });
});
