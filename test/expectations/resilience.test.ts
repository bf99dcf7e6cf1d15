// The resilience sections of the profile come from the VirtualService routes, not constants.
import assert from "node:assert/strict";
import type { HttpRoute, MeshModel } from "../../manifests/types.js";
import { buildProfile } from "../../expectations/profile.js";
import { failStatusFor } from "../../expectations/resilience.js";
import { fixtureModel } from "../manifests/fixture-model.js";

const origin = "http://127.0.0.1:9";
const v1 = { destination: { host: "workshop-app-v1", port: { number: 8080 } } };

function withRoute(host: string, route: Partial<HttpRoute>, m: MeshModel = fixtureModel()): MeshModel {
  m.gateways[0]!.servers[0]!.hosts.push(host);
  m.virtualServices.push({
    name: host.split(".")[0]!,
    namespace: "workshop-app",
    hosts: [host],
    gateways: ["workshop-app/workshop-gateway"],
    http: [{ route: [v1], ...route }],
    source: { file: "fixture.yaml", line: 1 },
  });
  return m;
}

const profileOf = (m: MeshModel) => buildProfile({ model: m, gatewayOrigin: origin, forwarders: [] });

describe("local-mesh profile: resilience sections", () => {
  it("derives timeouts, retries and fault injection from the routes", () => {
    let m = withRoute("timeouts.x.local", { timeoutMs: 500 });
    m = withRoute("retries.x.local", { retries: { attempts: 2, perTryTimeoutMs: 1000, retryOn: ["5xx"] } }, m);
    m = withRoute("faults.x.local", { fault: { abort: { percent: 20, httpStatus: 503 }, delay: { percent: 10, fixedDelayMs: 200 } } }, m);
    const p = profileOf(m);
    assert.deepEqual(p.timeouts, [
      { name: "timeouts", api: "VirtualService", url: `${origin}/`, host: "timeouts.x.local", timeoutMs: 500, path: "/delay/2000", controlPath: "/delay/100" },
    ]);
    assert.deepEqual(p.retries, [
      { name: "retries", api: "VirtualService", url: `${origin}/`, host: "retries.x.local", attempts: 2, retryOn: "5xx", path: "/?failRatio=0.5&failStatus=500", failRatio: 0.5 },
    ]);
    assert.deepEqual(p.faultInjection, [
      { name: "faults", api: "VirtualService", url: `${origin}/`, host: "faults.x.local", abort: { percent: 20, httpStatus: 503 }, delay: { percent: 10, fixedDelayMs: 200 } },
    ]);
  });

  it("follows the manifests: another timeout, other retries, an abort alone", () => {
    let m = withRoute("timeouts.x.local", { timeoutMs: 2000 });
    m = withRoute("retries.x.local", { retries: { attempts: 3, retryOn: ["gateway-error", "connect-failure"] } }, m);
    m = withRoute("faults.x.local", { fault: { abort: { percent: 50, httpStatus: 418 } } }, m);
    const p = profileOf(m);
    assert.equal(p.timeouts?.[0]?.path, "/delay/8000");
    // The control stays at 100 ms at most, so a fault that shortens the timeout cannot swallow it.
    assert.equal(p.timeouts?.[0]?.controlPath, "/delay/100");
    // A long timeout: the slow request answers 10 s past it, not 4×, or it would outlast the check's wait.
    const long = profileOf(withRoute("timeouts.x.local", { timeoutMs: 10_000 }));
    assert.deepEqual([long.timeouts?.[0]?.path, long.timeouts?.[0]?.controlPath], ["/delay/20000", "/delay/100"]);
    assert.deepEqual([p.retries?.[0]?.attempts, p.retries?.[0]?.retryOn, p.retries?.[0]?.path], [3, "gateway-error,connect-failure", "/?failRatio=0.5&failStatus=502"]);
    assert.deepEqual(p.faultInjection?.[0], { name: "faults", api: "VirtualService", url: `${origin}/`, host: "faults.x.local", abort: { percent: 50, httpStatus: 418 } });
  });

  it("states nothing it cannot address or prove: matched routes, zero attempts, no retriable status", () => {
    let m = withRoute("timeouts.x.local", { timeoutMs: 500, match: [{ headers: { "x-slow": { exact: "1" } } }] });
    m = withRoute("retries.x.local", { retries: { attempts: 0, retryOn: ["5xx"] } }, m);
    m = withRoute("resets.x.local", { retries: { attempts: 2, retryOn: ["connect-failure", "reset"] } }, m);
    const p = profileOf(m);
    assert.equal(p.timeouts, undefined);
    assert.equal(p.retries, undefined);
    assert.equal(p.faultInjection, undefined);
  });

  it("fails the retries probe with a status retryOn covers, avoiding the 503 Istio retries by default", () => {
    assert.equal(failStatusFor(["5xx"]), 500);
    assert.equal(failStatusFor(["connect-failure", "gateway-error"]), 502);
    assert.equal(failStatusFor(["503", "504"]), 504);
    assert.equal(failStatusFor(["503"]), 503);
    assert.equal(failStatusFor(["reset"]), undefined);
  });
});
