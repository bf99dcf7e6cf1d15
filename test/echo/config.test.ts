import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../apps/echo/src/config.js";

const TOKEN = "config-test-admin-token";
const BASE = { VERSION: "v1", SERVICE_NAME: "workshop-app", POD_NAME: "p-1", POD_NAMESPACE: "workshop-app", ADMIN_TOKEN: TOKEN };

describe("echo env config", () => {
  it("applies the documented defaults", () => {
    assert.deepEqual(loadConfig(BASE), {
      version: "v1",
      service: "workshop-app",
      pod: "p-1",
      namespace: "workshop-app",
      host: "0.0.0.0",
      port: 8080,
      adminHost: "127.0.0.1",
      adminPort: 8081,
      failureRatio: 0,
      shutdownGraceMs: 10_000,
      adminToken: TOKEN,
    });
  });

  it("reads every knob", () => {
    const config = loadConfig({
      ...BASE,
      VERSION: "dev",
      HOST: "127.0.0.1",
      PORT: "0",
      ADMIN_HOST: "127.0.0.2",
      ADMIN_PORT: "9000",
      FAILURE_RATIO: "0.25",
      SHUTDOWN_GRACE_MS: "1500",
      MESH_OUTBOUND_PROXY: "http://127.0.0.1:15001/",
    });
    assert.equal(config.version, "dev");
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 0);
    assert.equal(config.adminHost, "127.0.0.2");
    assert.equal(config.adminPort, 9000);
    assert.equal(config.failureRatio, 0.25);
    assert.equal(config.shutdownGraceMs, 1500);
    assert.equal(config.outboundProxy, "http://127.0.0.1:15001");
  });

  it("treats empty values as unset", () => {
    assert.equal(loadConfig({ ...BASE, PORT: "", MESH_OUTBOUND_PROXY: "" }).port, 8080);
  });

  const bad: [string, Record<string, string | undefined>, RegExp][] = [
    ["missing VERSION", { VERSION: undefined }, /VERSION is required/],
    ["unknown VERSION", { VERSION: "v3" }, /VERSION must be one of v1\|v2\|dev\|prod, got "v3"/],
    ["missing SERVICE_NAME", { SERVICE_NAME: undefined }, /SERVICE_NAME is required/],
    ["missing POD_NAMESPACE", { POD_NAMESPACE: undefined }, /POD_NAMESPACE is required/],
    ["PORT out of range", { PORT: "70000" }, /PORT must be a port number 0..65535, got "70000"/],
    ["ADMIN_PORT not a number", { ADMIN_PORT: "http" }, /ADMIN_PORT must be a port number/],
    ["FAILURE_RATIO above 1", { FAILURE_RATIO: "1.1" }, /FAILURE_RATIO must be a number between 0 and 1/],
    ["FAILURE_RATIO not a number", { FAILURE_RATIO: "half" }, /FAILURE_RATIO must be a number/],
    ["SHUTDOWN_GRACE_MS negative", { SHUTDOWN_GRACE_MS: "-1" }, /SHUTDOWN_GRACE_MS must be whole milliseconds/],
    ["MESH_OUTBOUND_PROXY with a path", { MESH_OUTBOUND_PROXY: "http://127.0.0.1:1/x" }, /MESH_OUTBOUND_PROXY .* bare origin/],
    ["no ADMIN_TOKEN (no forwarder anyone could call)", { ADMIN_TOKEN: undefined }, /ADMIN_TOKEN is required \(the secret the forwarder asks for in x-meshcheck-token; on kind the Secret meshcheck-admin\)/],
    ["an empty ADMIN_TOKEN", { ADMIN_TOKEN: "" }, /ADMIN_TOKEN is required/],
    ["a guessable ADMIN_TOKEN, without repeating it", { ADMIN_TOKEN: "hunter2" }, /^ADMIN_TOKEN must be 16\.\.512 characters of A-Z a-z 0-9 \. _ ~ \+ \/ = - \(got 7 characters\)$/],
    ["MESH_OUTBOUND_PROXY not a URL", { MESH_OUTBOUND_PROXY: "127.0.0.1:15001" }, /MESH_OUTBOUND_PROXY .*(not a URL|http: or https:)/],
  ];
  for (const [what, change, message] of bad) {
    it(`rejects ${what} with a one-line ConfigError`, () => {
      assert.throws(
        () => loadConfig({ ...BASE, ...change }),
        (err: unknown) => err instanceof ConfigError && message.test(err.message) && !err.message.includes("\n"),
      );
    });
  }

  it("reports every problem at once", () => {
    assert.throws(() => loadConfig({ PORT: "x" }), /VERSION is required.*; SERVICE_NAME is required; POD_NAMESPACE is required.*; PORT must be/);
  });
});
