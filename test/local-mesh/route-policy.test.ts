// Route policy: which answers a retryOn covers (Envoy's conditions), and the fault switches
// that make the mesh ignore one part of every route's policy — exactly that part.
import assert from "node:assert/strict";
import { applyFaults, parseFault, parseFaults } from "../../local-mesh/runtime/faults.js";
import { ISTIO_DEFAULT_RETRY, retriable } from "../../local-mesh/runtime/route-policy.js";
import type { HttpRoute, MeshModel } from "../../manifests/types.js";
import { fixtureModel } from "../manifests/fixture-model.js";

const reset = { kind: "connection termination" as const, detail: "socket hang up" };
const refused = { kind: "connection failure" as const, detail: "ECONNREFUSED" };
const perTry = { kind: "per-try timeout" as const, detail: "per-try timeout" };

describe("route policy", () => {
  it("retries what retryOn names: 5xx, gateway-error, reset, connect-failure, retriable-4xx and status codes", () => {
    assert.deepEqual([500, 503, 404].map((s) => retriable(["5xx"], s)), [true, true, false]);
    assert.deepEqual([500, 502, 503, 504].map((s) => retriable(["gateway-error"], s)), [false, true, true, true]);
    assert.deepEqual([409, 404].map((s) => retriable(["retriable-4xx"], s)), [true, false]);
    assert.deepEqual([503, 500].map((s) => retriable(["connect-failure", "503"], s)), [true, false]);
    assert.deepEqual([reset, refused, perTry].map((f) => retriable(["5xx"], f)), [true, true, true]);
    assert.deepEqual([reset, refused, perTry].map((f) => retriable(["reset"], f)), [true, true, false]);
    assert.deepEqual([reset, refused, perTry].map((f) => retriable(["connect-failure"], f)), [false, true, false]);
    assert.equal(retriable(["unavailable", "cancelled"], 503), false, "gRPC conditions never match plain HTTP");
  });

  it("Istio's default policy (1.24+): 2 retries of connect failures only; a 503 answer is not retried", () => {
    assert.equal(ISTIO_DEFAULT_RETRY.attempts, 2);
    assert.deepEqual(ISTIO_DEFAULT_RETRY.retryOn, ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"]);
    assert.deepEqual([503, 502, 500].map((s) => retriable(ISTIO_DEFAULT_RETRY.retryOn, s)), [false, false, false]);
    assert.deepEqual([refused, reset, perTry].map((f) => retriable(ISTIO_DEFAULT_RETRY.retryOn, f)), [true, false, false]);
  });

  describe("faults", () => {
    function withPolicies(): MeshModel {
      const m = fixtureModel();
      const route = m.virtualServices[1]!.http[0] as HttpRoute;
      Object.assign(route, {
        timeoutMs: 500,
        retries: { attempts: 2, retryOn: ["5xx"] },
        fault: { abort: { percent: 20, httpStatus: 503 } },
      });
      return m;
    }

    it("parse without a value", () => {
      assert.deepEqual(parseFaults(["timeouts-off", "retries-off", "fault-injection-off"]), [
        { kind: "timeouts-off" },
        { kind: "retries-off" },
        { kind: "fault-injection-off" },
      ]);
      assert.throws(() => parseFault("retries-off=1"), /fault retries-off takes no value/);
      assert.throws(() => parseFault("chaos"), /timeouts-off.*retries-off.*fault-injection-off/);
    });

    it("each drops its part of the route policy only, leaving the input untouched", () => {
      const m = withPolicies();
      const route = (faults: string[]) => applyFaults(m, parseFaults(faults)).model.virtualServices[1]!.http[0]!;
      const { timeoutMs, retries, fault } = m.virtualServices[1]!.http[0]!;
      assert.deepEqual([route(["timeouts-off"]).timeoutMs, route(["timeouts-off"]).retries, route(["timeouts-off"]).fault], [undefined, retries, fault]);
      assert.deepEqual([route(["retries-off"]).timeoutMs, route(["retries-off"]).retries, route(["retries-off"]).fault], [timeoutMs, undefined, fault]);
      assert.deepEqual([route(["fault-injection-off"]).timeoutMs, route(["fault-injection-off"]).retries, route(["fault-injection-off"]).fault], [timeoutMs, retries, undefined]);
      assert.equal(m.virtualServices[1]!.http[0]!.timeoutMs, 500, "input untouched");
    });

    it("name nothing on a mesh without that policy: one line saying so", () => {
      const m = fixtureModel();
      assert.throws(() => applyFaults(m, parseFaults(["timeouts-off"])), /^FaultError: fault timeouts-off: no VirtualService route has a timeout$/);
      assert.throws(() => applyFaults(m, parseFaults(["retries-off"])), /^FaultError: fault retries-off: no VirtualService route has retries$/);
    });
  });
});
