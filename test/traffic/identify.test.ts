import assert from "node:assert/strict";
import { createDirectSender } from "../../harness/traffic/direct-sender.js";
import { identifyDestination } from "../../harness/traffic/identify.js";
import type { Sender } from "../../harness/traffic/sender.js";
import { httpServer, type TestServer } from "./servers.js";

const rule = { header: "x-version", jsonField: "version" };

describe("identify the destination", () => {
  it("prefers the header, falls back to the top-level JSON field", () => {
    assert.equal(identifyDestination(rule, { "x-version": "v2" }, '{"version":"v1"}'), "v2");
    assert.equal(identifyDestination(rule, {}, '{"version":"v1"}'), "v1");
    assert.equal(identifyDestination(rule, { "x-version": ["dev", "x"] }, undefined), "dev");
    assert.equal(identifyDestination(rule, {}, '{"nested":{"version":"v1"}}'), undefined);
    assert.equal(identifyDestination(rule, {}, "RBAC: access denied"), undefined);
    assert.equal(identifyDestination(rule, {}, "{not json"), undefined);
    assert.equal(identifyDestination({ header: "X-Version" }, { "x-version": "v1" }, undefined), "v1");
    assert.equal(identifyDestination(undefined, { "x-version": "v1" }, '{"version":"v1"}'), undefined);
  });

  describe("on real responses", () => {
    let server: TestServer;
    let sender: Sender;
    before(async () => {
      server = await httpServer((req, res) => {
        if (req.url === "/header") res.setHeader("x-version", "v2");
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ version: req.url === "/json" ? "v1" : "body-says-v1", pad: "x".repeat(8000) }));
      });
      sender = createDirectSender({ timeoutMs: 2000, identify: rule });
    });
    after(async () => {
      await sender.close();
      await server.close();
    });

    it("by header", async () => {
      const o = await sender.send({ url: `${server.url}header`, method: "GET", headers: {} });
      assert.ok(o.kind === "response");
      assert.equal(o.destination, "v2");
    });

    it("by JSON field of a body larger than the kept 4 KiB", async () => {
      const o = await sender.send({ url: `${server.url}json`, method: "GET", headers: {} });
      assert.ok(o.kind === "response");
      assert.equal(o.destination, "v1");
      assert.equal(Buffer.byteLength(o.body ?? ""), 4096);
      assert.equal(o.headers?.["content-type"], "application/json");
    });

    it("neither headers nor body are kept when capture is off, the destination still is", async () => {
      const lean = createDirectSender({ timeoutMs: 2000, identify: rule, capture: { headers: false, body: false } });
      try {
        const o = await lean.send({ url: `${server.url}json`, method: "GET", headers: {} });
        assert.ok(o.kind === "response");
        assert.equal(o.destination, "v1");
        assert.equal(o.body, undefined);
        assert.equal(o.headers, undefined);
      } finally {
        await lean.close();
      }
    });
  });
});
