// The Pushgateway client against a stand-in server on port 0: the group URL, the PUT it sends,
// and how a refusal reads. (prometheus-roundtrip.test.ts pushes to the real one.)
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { pushGroupUrl, pushMetrics } from "../../harness/metrics/pushgateway.js";

describe("pushgateway client", () => {
  let server: Server;
  let base: URL;
  let seen: { method?: string; url?: string; type?: string; body: string }[];
  let reply: { status: number; body: string };

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (b: Buffer) => (body += b.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
        res.writeHead(reply.status).end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  });
  beforeEach(() => {
    seen = [];
    reply = { status: 200, body: "" };
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("builds the group URL: job meshcheck, target escaped, '/' and empty values in base64url, path prefix kept", () => {
    const b = new URL("http://pg:9091");
    assert.equal(pushGroupUrl(b, "local").href, "http://pg:9091/metrics/job/meshcheck/target/local");
    assert.equal(pushGroupUrl(b, "a b?").href, "http://pg:9091/metrics/job/meshcheck/target/a%20b%3F");
    assert.equal(pushGroupUrl(b, "ns/mesh").href, "http://pg:9091/metrics/job/meshcheck/target@base64/bnMvbWVzaA");
    assert.equal(pushGroupUrl(b, "").href, "http://pg:9091/metrics/job/meshcheck/target@base64/=");
    assert.equal(pushGroupUrl(new URL("https://mon.example/pushgateway/"), "kind").href, "https://mon.example/pushgateway/metrics/job/meshcheck/target/kind");
  });

  it("PUTs the exposition with its content type (PUT replaces the whole group)", async () => {
    const r = await pushMetrics(base, "local", { text: "x 1\n", contentType: "text/plain; version=0.0.4; charset=utf-8" });
    assert.deepEqual(r, { ok: true, url: new URL("/metrics/job/meshcheck/target/local", base) });
    assert.deepEqual(seen, [{ method: "PUT", url: "/metrics/job/meshcheck/target/local", type: "text/plain; version=0.0.4; charset=utf-8", body: "x 1\n" }]);
  });

  it("reports a refusal as HTTP status and the first line of the answer", async () => {
    reply = { status: 400, body: "pushed metrics are invalid or inconsistent with existing metrics: oops\nmore\n" };
    const r = await pushMetrics(base, "local", { text: "x 1\n", contentType: "text/plain" });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, "HTTP 400: pushed metrics are invalid or inconsistent with existing metrics: oops");
  });
});
