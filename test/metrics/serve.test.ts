// The /metrics server: loopback unless told otherwise (with a warning), the exact body, nothing
// else served.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { request } from "undici";
import { isLoopback, serveMetrics } from "../../harness/metrics/serve.js";
import { deliverMetrics } from "../../harness/metrics/deliver.js";
import { SAMPLE_REPORT } from "./sample-report.js";

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

describe("metrics server address (--metrics-address)", () => {
  const report = SAMPLE_REPORT;
  const serveOnce = async (address: string | undefined) => {
    const lines: string[] = [];
    let url: string | undefined;
    const ok = await deliverMetrics(report, { port: 0, ...(address !== undefined && { address }) }, {
      reportPath: "r/run.json",
      log: (l) => lines.push(l),
      // Read the served page once, then stop serving.
      untilStopped: async () => {
        url = /serving metrics at (\S+) /.exec(lines.join(""))?.[1];
        assert.ok(url, lines.join(""));
        const r = await request(url.replace("0.0.0.0", "127.0.0.1"));
        assert.equal(r.statusCode, 200);
        await r.body.dump();
      },
    });
    return { ok, lines, url };
  };

  it("default 127.0.0.1, no warning", async () => {
    const r = await serveOnce(undefined);
    assert.equal(r.ok, true);
    assert.match(r.url!, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.deepEqual(r.lines.filter((l) => l.includes("warning")), []);
  });

  it("every interface (0.0.0.0): served, with one warning that it is not loopback; the delivery still counts", async () => {
    const r = await serveOnce("0.0.0.0");
    assert.equal(r.ok, true);
    assert.match(r.url!, /^http:\/\/0\.0\.0\.0:\d+\/metrics$/);
    const warnings = r.lines.filter((l) => l.includes("warning"));
    assert.equal(warnings.length, 1, r.lines.join(""));
    assert.match(warnings[0]!, /^meshcheck: warning: --metrics-address 0\.0\.0\.0 is not loopback: anyone who can reach http:\/\/0\.0\.0\.0:\d+\/metrics can read this run's results/);
  });

  it("loopback is 127.0.0.0/8 and ::1 in any spelling; nothing else", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(a), true, a);
    for (const a of ["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "::ffff:10.0.0.1", "::2"]) assert.equal(isLoopback(a), false, a);
  });
});
