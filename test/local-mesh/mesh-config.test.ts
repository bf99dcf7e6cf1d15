// What the runtime reads from the model: mTLS mode precedence, Service resolution from Host,
// Gateway selection and VirtualService binding.
import assert from "node:assert/strict";
import { mtlsModeFor } from "../../local-mesh/runtime/peer-auth.js";
import { Registry } from "../../local-mesh/runtime/registry.js";
import { routesForHost } from "../../local-mesh/runtime/gateway-config.js";
import { selectedGateways } from "../../manifests/gateway-binding.js";
import { fixtureModel } from "../manifests/fixture-model.js";

const src = { file: "t.yaml", line: 1 };

describe("local-mesh model reading", () => {
  it("PeerAuthentication: a workload selector beats the namespace-wide policy; none means PERMISSIVE", () => {
    const m = fixtureModel();
    const [v1, v2] = m.workloads;
    m.peerAuthentications.push({ name: "v2-open", namespace: "workshop-app", selector: { version: "v2" }, mode: "PERMISSIVE", source: src });
    assert.equal(mtlsModeFor(m, v1!), "STRICT");
    assert.equal(mtlsModeFor(m, v2!), "PERMISSIVE");
    assert.equal(mtlsModeFor(m, m.workloads.find((w) => w.namespace === "outside")!), "PERMISSIVE");
  });

  it("PeerAuthentication: the root namespace's policy without a selector is mesh-wide; a namespace's own beats it", () => {
    const m = fixtureModel();
    m.peerAuthentications = [{ name: "mesh", namespace: "istio-system", mode: "STRICT", source: src }];
    const [v1] = m.workloads;
    const outsider = m.workloads.find((w) => w.namespace === "outside")!;
    assert.equal(mtlsModeFor(m, outsider), "STRICT", "Istio enforces a mesh-wide STRICT everywhere");
    assert.equal(mtlsModeFor(m, v1!), "STRICT");
    m.peerAuthentications.push({ name: "open", namespace: "outside", mode: "PERMISSIVE", source: src });
    assert.equal(mtlsModeFor(m, outsider), "PERMISSIVE", "namespace beats mesh, whatever the order");
    m.peerAuthentications = [{ name: "root-v1", namespace: "istio-system", selector: { version: "v1" }, mode: "STRICT", source: src }];
    assert.equal(mtlsModeFor(m, v1!), "PERMISSIVE", "a PeerAuthentication's selector stays in its own namespace");
  });

  it("resolves every Host form relative to the caller's namespace", () => {
    const r = new Registry(fixtureModel());
    for (const host of [
      "workshop-app-v1.workshop-app:8080",
      "workshop-app-v1.workshop-app.svc:8080",
      "workshop-app-v1.workshop-app.svc.cluster.local:8080",
    ]) {
      const res = r.resolveHost(host, "outside");
      assert.ok(res.ok, host);
      assert.equal(res.service.name, "workshop-app-v1");
    }
    const short = r.resolveHost("workshop-app-v1:8080", "workshop-app");
    assert.ok(short.ok && short.service.namespace === "workshop-app");
    assert.deepEqual(r.resolveHost("workshop-app-v1:8080", "outside"), {
      ok: false,
      reason: "no Service for host workshop-app-v1 (from namespace outside)",
    });
    assert.match((r.resolveHost("workshop-app-v1.workshop-app", "x") as { reason: string }).reason, /has no port 80/);
    assert.equal(r.resolveHost(undefined, "x").ok, false);
  });

  it("endpoints are the started workloads the Service selects", () => {
    const m = fixtureModel();
    const r = new Registry(m);
    const svc = m.services.find((s) => s.name === "workshop-app")!;
    assert.deepEqual(r.endpoints(svc), []);
    r.add({ workload: m.workloads[0]!, port: 1, sidecar: true });
    r.add({ workload: m.workloads[4]!, port: 2, sidecar: true }); // intruder: not selected
    assert.deepEqual(r.endpoints(svc).map((e) => e.workload.name), ["workshop-app-v1"]);
    assert.equal(r.pick(svc, () => 0.5)?.port, 1);
  });

  it("Gateways are selected by the ingress gateway's labels", () => {
    const m = fixtureModel();
    assert.deepEqual(selectedGateways(m).map((g) => g.name), ["workshop-gateway"]);
    m.gateways[0]!.selector = { istio: "ingressgateway" }; // the seed's defect
    assert.deepEqual(selectedGateways(m), []);
    assert.deepEqual(routesForHost(m, "workshop-app.local"), []);
  });

  it("routes come from VirtualServices bound to the gateway whose hosts match", () => {
    const m = fixtureModel();
    assert.deepEqual(routesForHost(m, "workshop-app.local").map((b) => b.route.name), ["dev", "prod"]);
    assert.deepEqual(routesForHost(m, "canary.workshop-app.local").map((b) => b.virtualService), ["workshop-canary"]);
    assert.deepEqual(routesForHost(m, "other.local"), []);
    m.virtualServices[0]!.gateways = ["elsewhere/workshop-gateway"];
    assert.deepEqual(routesForHost(m, "workshop-app.local"), []);
  });

  it("a request's Host matches ignoring case, as Envoy's domains do", () => {
    const m = fixtureModel();
    assert.deepEqual(routesForHost(m, "Workshop-App.LOCAL").map((b) => b.route.name), ["dev", "prod"]);
    assert.deepEqual(routesForHost(m, "CANARY.workshop-app.local").map((b) => b.virtualService), ["workshop-canary"]);
  });

  it("a request's Host is a name: '*' reaches no VirtualService with named hosts", () => {
    assert.deepEqual(routesForHost(fixtureModel(), "*"), []);
  });

  it("an exact VirtualService host beats a wildcard one", () => {
    const m = fixtureModel();
    m.gateways[0]!.servers[0]!.hosts.push("*.local");
    m.virtualServices.push({ ...structuredClone(m.virtualServices[1]!), name: "wild", hosts: ["*.local"] });
    assert.deepEqual(routesForHost(m, "workshop-app.local").map((b) => b.virtualService), ["workshop-routing", "workshop-routing"]);
    assert.deepEqual(routesForHost(m, "x.local").map((b) => b.virtualService), ["wild"]);
  });
});
