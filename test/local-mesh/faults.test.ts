// Faults are pure model transforms: each changes exactly what it names.
import assert from "node:assert/strict";
import { applyFaults, parseFault, parseFaults, FaultError } from "../../local-mesh/runtime/faults.js";
import { fixtureModel } from "../manifests/fixture-model.js";
import { loadMesh } from "../../manifests/load.js";
import type { MeshModel } from "../../manifests/types.js";

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

// Valued faults keep a feature but change what it means: the subtle defects of the mutation
// table. Applied to the real manifests, so a renamed route or rule cannot leave them silent.
describe("local-mesh faults that change meaning", () => {
  const kind = loadMesh();
  const vs = (m: MeshModel, name: string) => m.virtualServices.find((v) => v.name === name)!.http[0]!;
  const pool = (m: MeshModel) => m.destinationRules.find((d) => d.name === "workshop-breaker")!.connectionPool;

  it("parses durations, counts and percentages, rejecting bad values with one line", () => {
    assert.deepEqual(parseFaults(["timeout=900ms", "timeout=1.5s", "retry-attempts=1", "fault-abort=30", "circuit-breaker-scale=2"]), [
      { kind: "timeout", ms: 900 },
      { kind: "timeout", ms: 1500 },
      { kind: "retry-attempts", attempts: 1 },
      { kind: "fault-abort", percent: 30 },
      { kind: "circuit-breaker-scale", factor: 2 },
    ]);
    for (const [bad, msg] of [
      ["timeout", /timeout needs a duration/],
      ["timeout=900", /timeout needs a duration/],
      ["timeout=0ms", /at least 1ms/],
      ["retry-attempts=-1", /retry-attempts needs a whole number/],
      ["fault-abort=101", /percentage 0–100/],
      ["fault-abort", /percentage 0–100/],
      ["circuit-breaker-scale=1", /factor of at least 2/],
      ["circuit-breaker-scale=1.5", /factor of at least 2/],
    ] as const) {
      assert.throws(() => parseFault(bad), (e: Error) => e instanceof FaultError && msg.test(e.message) && !e.message.includes("\n"), bad);
    }
  });

  it("each changes its one number on the routes or rules that have it, leaving the input untouched", () => {
    const t = applyFaults(kind, parseFaults(["timeout=900ms"])).model;
    assert.equal(vs(t, "workshop-timeouts").timeoutMs, 900);
    assert.equal(vs(kind, "workshop-timeouts").timeoutMs, 500, "input untouched");
    assert.deepEqual(vs(t, "workshop-retries"), vs(kind, "workshop-retries"), "a route without a timeout gains none");

    const r = applyFaults(kind, parseFaults(["retry-attempts=1"])).model;
    assert.deepEqual(vs(r, "workshop-retries").retries, { ...vs(kind, "workshop-retries").retries!, attempts: 1 });
    assert.equal(vs(kind, "workshop-retries").retries!.attempts, 2);

    const f = applyFaults(kind, parseFaults(["fault-abort=30"])).model;
    assert.deepEqual(vs(f, "workshop-faults").fault, { ...vs(kind, "workshop-faults").fault!, abort: { percent: 30, httpStatus: 503 } });
    assert.equal(vs(f, "workshop-faults").fault!.delay!.percent, 10, "the delay is not the abort");

    const c = applyFaults(kind, parseFaults(["circuit-breaker-scale=2"])).model;
    assert.deepEqual(pool(c), { maxConnections: 2, http1MaxPendingRequests: 2, http2MaxRequests: 2 });
    assert.deepEqual(pool(kind), { maxConnections: 1, http1MaxPendingRequests: 1, http2MaxRequests: 1 });
    assert.deepEqual(
      c.destinationRules.filter((d) => d.name !== "workshop-breaker"),
      kind.destinationRules.filter((d) => d.name !== "workshop-breaker"),
      "rules without a pool are untouched",
    );
  });

  it("name nothing on a mesh without that policy: one line saying so", () => {
    const m = fixtureModel();
    assert.throws(() => applyFaults(m, parseFaults(["timeout=900ms"])), /^FaultError: fault timeout=900ms: no VirtualService or HTTPRoute route has a timeout$/);
    assert.throws(() => applyFaults(m, parseFaults(["retry-attempts=1"])), /^FaultError: fault retry-attempts=1: no VirtualService route has retries$/);
    assert.throws(() => applyFaults(m, parseFaults(["fault-abort=30"])), /^FaultError: fault fault-abort=30: no VirtualService route has an injected abort$/);
    assert.throws(() => applyFaults(m, parseFaults(["circuit-breaker-scale=2"])), /^FaultError: fault circuit-breaker-scale=2: no DestinationRule has connectionPool$/);
  });

  it("canary-weights takes any split that sums to 100, e.g. one just inside and one just outside ±5", () => {
    const w = (split: string) => vs(applyFaults(kind, parseFaults([`canary-weights=${split}`])).model, "workshop-canary").route.map((d) => d.weight);
    assert.deepEqual(w("87/13"), [87, 13]);
    assert.deepEqual(w("84/16"), [84, 16]);
  });
});

describe("local-mesh faults on Gateway API HTTPRoutes", () => {
  const model = loadMesh();
  const rules = (m: MeshModel, name: string) => m.httpRoutes.find((r) => r.name === name)!.rules;

  it("httproute-weights replaces the weights of every HTTPRoute rule with that many backends, and nothing else", () => {
    const { model: m } = applyFaults(model, parseFaults(["httproute-weights=60/40"]));
    assert.deepEqual(rules(m, "workshop-canary-gwapi")[0]!.backendRefs.map((b) => b.weight), [60, 40]);
    assert.deepEqual(rules(m, "workshop-mesh-split")[0]!.backendRefs.map((b) => b.weight), [60, 40]);
    assert.deepEqual(m.virtualServices, model.virtualServices);
    assert.deepEqual(rules(model, "workshop-canary-gwapi")[0]!.backendRefs.map((b) => b.weight), [90, 10], "input untouched");
    assert.throws(() => applyFaults(model, parseFaults(["httproute-weights=50/25/25"])), /no HTTPRoute rule has 3 backends/);
    assert.throws(() => parseFault("httproute-weights=0/0"), /at least one weight must be above 0/);
  });

  it("httproute-header-match-off drops the rules that match on headers, leaving the VirtualServices alone", () => {
    const { model: m } = applyFaults(model, parseFaults(["httproute-header-match-off"]));
    assert.deepEqual(rules(m, "workshop-routing-gwapi").map((r) => r.name), ["prod"]);
    assert.deepEqual(m.virtualServices, model.virtualServices);
    assert.throws(() => applyFaults(fixtureModel(), parseFaults(["httproute-header-match-off"])), /no HTTPRoute rule matches on a header/);
  });

  it("timeouts-off and timeout= reach HTTPRoute request timeouts too", () => {
    const off = applyFaults(model, parseFaults(["timeouts-off"])).model;
    assert.ok(off.httpRoutes.every((r) => r.rules.every((rule) => rule.timeoutMs === undefined)));
    const cut = applyFaults(model, parseFaults(["timeout=900ms"])).model;
    assert.deepEqual(rules(cut, "workshop-canary-gwapi").map((r) => r.timeoutMs), [900]);
  });
});
