// Faults are pure model transforms: each changes exactly what it names.
import assert from "node:assert/strict";
import { applyFaults, parseFault, parseFaults, FaultError } from "../../local-mesh/runtime/faults.js";
import { fixtureModel } from "./fixture-model.js";

describe("local-mesh faults", () => {
  it("parses every fault", () => {
    assert.deepEqual(parseFaults(["canary-weights=80/20", "header-routing-off", "mtls-permissive", "authz-off", "down=x"]), [
      { kind: "canary-weights", weights: [80, 20] },
      { kind: "header-routing-off" },
      { kind: "mtls-permissive" },
      { kind: "authz-off" },
      { kind: "down", workload: "x" },
    ]);
  });

  it("rejects bad faults with one line listing the valid ones", () => {
    assert.throws(() => parseFault("chaos"), (e: Error) => {
      assert.ok(e instanceof FaultError);
      assert.match(e.message, /unknown fault "chaos"; valid faults: canary-weights=.*header-routing-off.*down=WORKLOAD/);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
    assert.throws(() => parseFault("canary-weights=80/30"), /sum to 110, not 100/);
    assert.throws(() => parseFault("canary-weights=abc"), /integer weights/);
    assert.throws(() => parseFault("down="), /needs a workload/);
    assert.throws(() => parseFault("authz-off=1"), /takes no value/);
  });

  it("canary-weights replaces the weighted route's weights only", () => {
    const m = fixtureModel();
    const { model } = applyFaults(m, parseFaults(["canary-weights=80/20"]));
    assert.deepEqual(model.virtualServices[1]!.http[0]!.route.map((d) => d.weight), [80, 20]);
    assert.deepEqual(model.virtualServices[0], m.virtualServices[0]);
    assert.deepEqual(m.virtualServices[1]!.http[0]!.route.map((d) => d.weight), [90, 10], "input untouched");
    assert.throws(() => applyFaults(m, parseFaults(["canary-weights=50/25/25"])), /no weighted route has 3 destinations/);
  });

  it("header-routing-off drops header-matched routes, leaving the catch-all", () => {
    const m = fixtureModel();
    const { model } = applyFaults(m, parseFaults(["header-routing-off"]));
    assert.deepEqual(model.virtualServices[0]!.http.map((r) => r.name), ["prod"]);
    assert.deepEqual(model.virtualServices[1], m.virtualServices[1]);
  });

  it("mtls-permissive and authz-off touch only their resources", () => {
    const m = fixtureModel();
    const p = applyFaults(m, parseFaults(["mtls-permissive"])).model;
    assert.deepEqual(p.peerAuthentications.map((x) => x.mode), ["PERMISSIVE"]);
    assert.deepEqual(p.authorizationPolicies, m.authorizationPolicies);
    const a = applyFaults(m, parseFaults(["authz-off"])).model;
    assert.deepEqual(a.authorizationPolicies, []);
    assert.deepEqual(a.peerAuthentications, m.peerAuthentications);
  });

  it("down names a workload that exists", () => {
    const m = fixtureModel();
    const { model, down } = applyFaults(m, parseFaults(["down=workshop-app-v2"]));
    assert.deepEqual([...down], ["workshop-app/workshop-app-v2"]);
    assert.deepEqual(model, m, "the model itself is unchanged");
    assert.throws(() => applyFaults(m, parseFaults(["down=nope"])), /down=nope: no such workload; workloads: workshop-app-v1/);
  });
});
