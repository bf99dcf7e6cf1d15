// The /metrics server: loopback only, the exact body, nothing else served.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { request } from "undici";
import { serveMetrics } from "../../harness/metrics/serve.js";

describe("metrics server", () => {
  it("serves the body at /metrics on 127.0.0.1, 404 elsewhere, 405 for writes, and closes", async () => {
    const s = await serveMetrics(0, { text: "a 1\n", contentType: "text/plain; version=0.0.4; charset=utf-8" });
    try {
      assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const ok = await request(s.url);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
      assert.equal(await ok.body.text(), "a 1\n");
      const other = await request(s.url.replace("/metrics", "/"));
      assert.equal(other.statusCode, 404);
      await other.body.dump();
      const put = await request(s.url, { method: "PUT", body: "x" });
      assert.equal(put.statusCode, 405);
      await put.body.dump();
    } finally {
      await s.close();
    }
    // A fresh connection (undici's pool would report its own closed socket instead).
    const port = Number(new URL(s.url).port);
    const refused = await new Promise<string | undefined>((resolve) => {
      const sock = connect(port, "127.0.0.1", () => {
        sock.destroy();
        resolve(undefined);
      });
      sock.on("error", (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    assert.equal(refused, "ECONNREFUSED");
  });
});
