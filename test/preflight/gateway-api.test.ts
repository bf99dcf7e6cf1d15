// The Gateway API preflight rules: each fixture (fixtures/gateway-api/<case>/, files laid over
// kind/ at the same paths) carries one defect, and exactly its rule reports it at the line of
// the defect; on kind/ as it is, none of them reports anything.
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readYamlText } from "../../harness/preflight/read-yaml.js";
import { shellCommands } from "../../harness/preflight/shell.js";
import { assemble, collect } from "../../harness/preflight/collect.js";
import { checkConfig } from "../../harness/preflight/run.js";
import { httpRouteRules } from "../../harness/preflight/rules/http-routes.js";
import { routeHostConflicts } from "../../harness/preflight/rules/route-host-conflicts.js";
import { authorization } from "../../harness/preflight/rules/authorization.js";
import { deployedGateways } from "../../harness/preflight/gateway-api-index.js";
import type { Finding, ShellCommand, YamlDoc } from "../../harness/preflight/types.js";
import { findingsWith } from "./kind-config.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/gateway-api/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** Preflight findings for kind/ with the fixture's files in place of kind/'s at the same paths. */
function findingsWithFixture(name: string): { findings: Finding[]; text: (path: string) => string } {
  const dir = join(FIXTURES, name);
  const overlay = new Map(files(dir).map((f) => [relative(dir, f), readFileSync(f, "utf8")]));
  for (const rel of overlay.keys()) assert.ok(existsSync(join(KIND, rel)), `fixture ${name} has ${rel}, which kind/ does not: it would add, not replace`);
  const docs: YamlDoc[] = [];
  const commands: ShellCommand[] = [];
  const read: Finding[] = [];
  const texts = new Map<string, string>();
  for (const abs of files(KIND)) {
    const rel = relative(KIND, abs);
    const text = overlay.get(rel) ?? readFileSync(abs, "utf8");
    texts.set(rel, text);
    if (/\.ya?ml$/.test(rel)) {
      const r = readYamlText(text, rel);
      docs.push(...r.docs);
      read.push(...r.findings);
    }
    if (rel.endsWith(".sh")) commands.push(...shellCommands(text, rel));
  }
  return { findings: checkConfig(assemble(docs, commands, read)), text: (p) => texts.get(p) ?? "" };
}

/** 1-based line of the `n`th line containing `needle`. */
function lineOf(text: string, needle: string, n = 1): number {
  const lines = text.split("\n");
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(needle) && ++seen === n);
  assert.ok(i >= 0, `no line with ${needle}`);
  return i + 1;
}

function only(findings: Finding[], rule: string, file: string, line: number, message: RegExp): void {
  const shown = findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}`).join("\n");
  assert.equal(findings.length, 1, `expected exactly one finding, got:\n${shown}`);
  const [f] = findings;
  assert.equal(f?.severity, "error", shown);
  assert.equal(f?.rule, rule, shown);
  assert.equal(f?.file, file, shown);
  assert.equal(f?.line, line, shown);
  assert.match(f?.message ?? "", message);
}

const CANARY = "manifests/gateway-api/42-canary.yaml";
const ROUTING = "manifests/gateway-api/41-routing.yaml";
const MESH = "manifests/gateway-api/46-mesh-route.yaml";

describe("preflight: Gateway API rules", () => {
  it("kind/ as it is: no finding at all, and the rules see the Gateway API resources", () => {
    const config = collect(KIND);
    assert.deepEqual(checkConfig(config), []);
    assert.deepEqual(httpRouteRules(config), []);
    assert.deepEqual(routeHostConflicts(config), []);
    const [gw, ...more] = deployedGateways(config);
    assert.equal(more.length, 0);
    assert.deepEqual({ name: gw?.name, sa: gw?.serviceAccount, type: gw?.serviceType, ports: gw?.ports }, {
      name: "workshop-gateway-api-istio",
      sa: "workshop-gateway-api-istio",
      type: "NodePort",
      ports: [{ port: 15021 }, { port: 80, nodePort: 30081 }],
    });
  });

  it("parentRef to a Gateway that is not in the manifests (the Istio Gateway's name) → httproute-parent", () => {
    const { findings, text } = findingsWithFixture("parent-missing-gateway");
    only(findings, "httproute-parent", CANARY, lineOf(text(CANARY), "- name: workshop-gateway"), /no Gateway workshop-gateway in namespace workshop-app .*Istio networking\.istio\.io Gateway of that name/);
  });

  it("a route in a namespace the listener's allowedRoutes (Same) does not admit → httproute-parent", () => {
    const { findings, text } = findingsWithFixture("parent-namespace-not-admitted");
    only(findings, "httproute-parent", CANARY, lineOf(text(CANARY), "- name: workshop-gateway-api"), /no listener of Gateway workshop-app\/workshop-gateway-api admits routes from namespace outside \(allowedRoutes\.namespaces\.from: Same\)/);
  });

  it("a listener whose Selector matches no label of the route's namespace → httproute-parent, once per attached route", () => {
    const findings = findingsWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("          from: Same\n", "          from: Selector\n          selector:\n            matchLabels:\n              routes: allowed\n"));
    assert.deepEqual(findings.map((f) => `${f.file} ${f.rule}`).sort(), [`${ROUTING} httproute-parent`, `${CANARY} httproute-parent`].sort());
    for (const f of findings) assert.match(f.message, /admits routes from namespace workshop-app \(allowedRoutes\.namespaces\.from: Selector\)/);
    // The namespace's own name label is one Kubernetes always sets, so a selector on it admits.
    assert.deepEqual(findingsWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("          from: Same\n", "          from: Selector\n          selector:\n            matchLabels:\n              kubernetes.io/metadata.name: workshop-app\n")), []);
  });

  it("a backendRef to a Service that is not in the manifests → httproute-backend", () => {
    const { findings, text } = findingsWithFixture("backend-missing-service");
    only(findings, "httproute-backend", CANARY, lineOf(text(CANARY), "- name: workshop-app-v3"), /backendRef 1 \(workshop-app\/workshop-app-v3\) of rule 0 .*no Service workshop-app-v3/);
  });

  it("a backendRef to a port the Service does not have → httproute-backend, at the port", () => {
    const { findings, text } = findingsWithFixture("backend-missing-port");
    only(findings, "httproute-backend", ROUTING, lineOf(text(ROUTING), "port: 80", 2), /rule 1 .*port 80, but Service workshop-app-dev has ports 8080/);
  });

  it("a backendRef with no port → httproute-backend", () => {
    const findings = findingsWith(CANARY, (t) => t.replace("          port: 8080\n          weight: 10\n", "          weight: 10\n"));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.rule, "httproute-backend");
    assert.match(findings[0]?.message ?? "", /a Service backend needs a port/);
  });

  it("every backend of a rule weighing 0 → httproute-weights; one of them 0 is a valid split", () => {
    const { findings, text } = findingsWithFixture("weights-all-zero");
    only(findings, "httproute-weights", CANARY, lineOf(text(CANARY), "backendRefs:"), /rule 0 of HTTPRoute workshop-canary-gwapi: every backendRef has weight 0/);
    assert.deepEqual(findingsWith(CANARY, (t) => t.replace("weight: 10", "weight: 0")), []);
  });

  it("an HTTPRoute host a VirtualService at the ingress also claims → httproute-vs-host", () => {
    const { findings, text } = findingsWithFixture("host-claimed-at-ingress");
    only(findings, "httproute-vs-host", CANARY, lineOf(text(CANARY), "- canary.workshop-app.local"), /host canary\.workshop-app\.local of HTTPRoute workshop-canary-gwapi is also claimed by VirtualService workshop-canary \(manifests\/42-canary\.yaml:\d+\)/);
  });

  it("a mesh HTTPRoute's Service also routed by a VirtualService in the mesh → httproute-vs-host", () => {
    const { findings, text } = findingsWithFixture("host-claimed-in-mesh");
    only(findings, "httproute-vs-host", MESH, lineOf(text(MESH), "- group: \"\""), /Service workshop-app\/workshop-app-mesh, the parent of mesh HTTPRoute workshop-mesh-split, is also routed in the mesh by VirtualService workshop-mesh-vs/);
  });

  it("a mesh parentRef to a Service or port that does not exist → httproute-parent", () => {
    const missing = findingsWith(MESH, (t) => t.replace("      name: workshop-app-mesh\n      port: 8080", "      name: workshop-app-mash\n      port: 8080"));
    assert.deepEqual(missing.map((f) => f.rule), ["httproute-parent"]);
    assert.match(missing[0]?.message ?? "", /no Service workshop-app-mash/);
    const port = findingsWith(MESH, (t) => t.replace("      name: workshop-app-mesh\n      port: 8080", "      name: workshop-app-mesh\n      port: 8081"));
    assert.deepEqual(port.map((f) => f.rule), ["httproute-parent"]);
  });

  it("the kind mapping to nodePort 30081 is accepted because the deployed gateway's Service is a NodePort with it; without the annotation, kind-port-nodeport", () => {
    const findings = findingsWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("    networking.istio.io/service-type: NodePort\n", ""));
    assert.deepEqual(findings.map((f) => `${f.file} ${f.rule}`), ["cluster.yaml kind-port-nodeport"]);
    assert.match(findings[0]?.message ?? "", /host port 18081 is forwarded to node port 30081, where nothing listens/);
  });

  describe("gateway-api-schema: the pinned standard-channel CRDs make cluster installs", () => {
    it("a header match type the schema does not have → at its line, naming the allowed values", () => {
      const findings = findingsWith(ROUTING, (t) => t.replace("type: RegularExpression", "type: Regex"));
      const text = readFileSync(join(KIND, ROUTING), "utf8");
      only(findings, "gateway-api-schema", ROUTING, lineOf(text, "type: RegularExpression"), /HTTPRoute workshop-app\/workshop-routing-gwapi: \/spec\/rules\/1\/matches\/0\/headers\/0\/type must be equal to one of the allowed values \(\["Exact","RegularExpression"\]\)/);
    });

    it("a field the schema does not know, in a fixed-shape object → named", () => {
      const findings = findingsWith(CANARY, (t) => t.replace("          weight: 10\n", "          weight: 10\n          wieght: 10\n"));
      assert.deepEqual(findings.map((f) => f.rule), ["gateway-api-schema"]);
      assert.match(findings[0]?.message ?? "", /must NOT have additional properties \(wieght\)/);
    });

    it("a version those CRDs do not serve, or a kind of another channel → at apiVersion", () => {
      const version = findingsWith(CANARY, (t) => t.replace("apiVersion: gateway.networking.k8s.io/v1\n", "apiVersion: gateway.networking.k8s.io/v1alpha2\n"));
      assert.deepEqual(version.map((f) => f.rule), ["gateway-api-schema"]);
      assert.match(version[0]?.message ?? "", /serve HTTPRoute as gateway\.networking\.k8s\.io\/v1, gateway\.networking\.k8s\.io\/v1beta1, not gateway\.networking\.k8s\.io\/v1alpha2/);
      const kind = findingsWith(CANARY, (t) => t.replace("kind: HTTPRoute", "kind: TCPRoute"));
      assert.ok(kind.some((f) => f.rule === "gateway-api-schema" && /have no TCPRoute \(not in the standard channel/.test(f.message)), kind.map((f) => f.message).join("\n"));
    });
  });

  describe("gateway-infrastructure: the parametersRef ConfigMap Istio renders the gateway with", () => {
    const GW = "manifests/gateway-api/40-gateway.yaml";
    const text = () => readFileSync(join(KIND, GW), "utf8");
    /** The defect's own finding; the kind mapping to the nodePort the ConfigMap fixed is reported too (nothing listens there now). */
    const infra = (findings: Finding[]) => {
      assert.deepEqual(findings.filter((f) => f.rule === "kind-port-nodeport").map((f) => f.file), ["cluster.yaml"]);
      return findings.filter((f) => f.rule !== "kind-port-nodeport");
    };

    it("a ConfigMap that is not in the manifests → at the name", () => {
      only(infra(findingsWith(GW, (t) => t.replace("      name: workshop-gateway-api-options\n", "      name: workshop-gateway-api-opts\n"))), "gateway-infrastructure", GW, lineOf(text(), "name: workshop-gateway-api-options"), /parametersRef names ConfigMap workshop-gateway-api-opts, which is not in the manifests/);
    });

    it("a key Istio does not overlay → at the key", () => {
      only(infra(findingsWith(GW, (t) => t.replace("data:\n  service: |", "data:\n  services: |"))), "gateway-infrastructure", GW, lineOf(text(), "  service: |"), /key services is not one Istio overlays/);
    });

    it("an overlay that is not a YAML mapping → at the key", () => {
      only(infra(findingsWith(GW, (t) => t.replace("    spec:\n      ports:\n", "    - spec\n    - ports:\n"))), "gateway-infrastructure", GW, lineOf(text(), "  service: |"), /service is not a YAML mapping/);
    });
  });

  describe("authorization with the Gateway API gateway's identity", () => {
    it("its principal is the ServiceAccount Istio creates for the Gateway: no authz-principal; another name is one", () => {
      assert.deepEqual(authorization(collect(KIND)), []);
      const findings = findingsWith("manifests/gateway-api/52-authorization-policy.yaml", (t) => t.replace("sa/workshop-gateway-api-istio", "sa/workshop-gateway-api"));
      // The wrong name is also no longer the deployed gateway's identity, so nothing admits that.
      assert.deepEqual(findings.map((f) => f.rule).sort(), ["authz-gateway-api-denied", "authz-principal"]);
      assert.match(findings.find((f) => f.rule === "authz-principal")?.message ?? "", /no ServiceAccount workshop-gateway-api in namespace workshop-app/);
    });

    it("no ALLOW policy admitting the deployed gateway's identity where its HTTPRoutes send → authz-gateway-api-denied, once, naming the routes", () => {
      const findings = findingsWith("manifests/gateway-api/52-authorization-policy.yaml", (t) => t.replace("sa/workshop-gateway-api-istio", "sa/workshop-app"));
      assert.deepEqual(findings.map((f) => `${f.file} ${f.rule}`), ["manifests/51-authorization-policy.yaml authz-gateway-api-denied"]);
      assert.match(findings[0]?.message ?? "", /cluster\.local\/ns\/workshop-app\/sa\/workshop-gateway-api-istio, the identity of the gateway Istio deploys for Gateway workshop-app\/workshop-gateway-api, on workshop-app-dev, workshop-app-prod, workshop-app-v1, workshop-app-v2, where HTTPRoute workshop-routing-gwapi, workshop-canary-gwapi sends/);
      // The mesh route's traffic comes from sidecars, not through the gateway: not its destinations.
      assert.doesNotMatch(findings[0]?.message ?? "", /workshop-mesh-split/);
    });

    it("ALLOW policies add up: a second policy that admits only the new gateway does not deny the istio-ingress gateway (it did before)", () => {
      // Before the fix, workshop-auth-gateway-api alone was judged and reported authz-gateway-denied.
      assert.deepEqual(findingsWith("manifests/gateway-api/52-authorization-policy.yaml", (t) => t.replace("GET only, as", "GET only, like")), []);
      // With istio-ingress dropped from workshop-auth, no ALLOW policy admits it: reported once, at the first.
      const denied = findingsWith("manifests/51-authorization-policy.yaml", (t) => t.replace("              - cluster.local/ns/istio-system/sa/istio-ingress\n", ""));
      assert.deepEqual(denied.map((f) => `${f.file} ${f.rule}`), ["manifests/51-authorization-policy.yaml authz-gateway-denied"]);
    });
  });
});
