// Each preflight rule on our own configuration: break one thing in kind/ and exactly that
// rule reports it, at the line of the broken thing.
import { strict as assert } from "node:assert";
import { findingsWith } from "./kind-config.js";

function only(findings: ReturnType<typeof findingsWith>, rule: string, file: string, line: number, message: RegExp) {
  const errors = findings.filter((f) => f.severity === "error");
  assert.equal(errors.length, 1, `expected one error, got:\n${findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`).join("\n")}`);
  const [f] = errors;
  assert.equal(f?.rule, rule);
  assert.equal(f?.file, file);
  assert.equal(f?.line, line);
  assert.match(f?.message ?? "", message);
}

describe("preflight rules on kind/ with one defect", () => {
  it("an echo Deployment whose env the app refuses → echo-config, at the value", () => {
    only(findingsWith("manifests/20-workloads.yaml", (t) => t.replace("              value: v2\n", "              value: bogus\n")), "echo-config", "manifests/20-workloads.yaml", 124, /Deployment workshop-app\/workshop-app-v2: the echo container would exit 2 at start \(CrashLoopBackOff\): VERSION must be one of .*got "bogus"/);
  });

  it("canary weights 90/20 → vs-weights", () => {
    only(findingsWith("manifests/42-canary.yaml", (t) => t.replace("weight: 10", "weight: 20")), "vs-weights", "manifests/42-canary.yaml", 15, /sum to 110, not 100/);
  });

  it("a weight of \"ten\" → vs-weights naming the field as not a number, not a wrong sum", () => {
    only(findingsWith("manifests/42-canary.yaml", (t) => t.replace("weight: 10", 'weight: "ten"')), "vs-weights", "manifests/42-canary.yaml", 25, /weight "ten" of destination 1 is not a number/);
  });

  it("a destination port the Service lacks → vs-destination", () => {
    only(findingsWith("manifests/41-routing.yaml", (t) => t.replace("number: 8080", "number: 9090")), "vs-destination", "manifests/41-routing.yaml", 21, /port 9090: Service workshop-app-dev has ports 8080/);
  });

  it("a destination that is no Service → vs-destination", () => {
    only(findingsWith("manifests/42-canary.yaml", (t) => t.replace("host: workshop-app-v2", "host: workshop-app-v3")), "vs-destination", "manifests/42-canary.yaml", 22, /workshop-app-v3 .*no Service/);
  });

  it("a destination written `svc.ns` (a Service to cluster DNS, not to Istio) → vs-destination, naming the forms Istio resolves", () => {
    only(findingsWith("manifests/41-routing.yaml", (t) => t.replace("host: workshop-app-dev\n", "host: workshop-app-dev.workshop-app\n")), "vs-destination", "manifests/41-routing.yaml", 20, /destination workshop-app-dev\.workshop-app of VirtualService workshop-routing names no Service to Istio.*write workshop-app-dev or workshop-app-dev\.workshop-app\.svc\.cluster\.local$/);
    only(findingsWith("manifests/41-routing.yaml", (t) => t.replace("host: workshop-app-dev\n", "host: workshop-app-dev.workshop-app.svc\n")), "vs-destination", "manifests/41-routing.yaml", 20, /names no Service to Istio/);
    const fqdn = findingsWith("manifests/41-routing.yaml", (t) => t.replace("host: workshop-app-dev\n", "host: workshop-app-dev.workshop-app.svc.cluster.local\n"));
    assert.deepEqual(fqdn.filter((f) => f.severity === "error"), [], "the FQDN is the Service");
  });

  it("a VirtualService host the Gateway does not serve → vs-host", () => {
    only(findingsWith("manifests/42-canary.yaml", (t) => t.replace("- canary.workshop-app.local", "- canary.example.com")), "vs-host", "manifests/42-canary.yaml", 10, /canary\.example\.com .*not served by Gateway workshop-gateway/);
  });

  // Preflight and the local mesh share one host resolver (manifests/hosts.ts). Istio binds a
  // VirtualService host to a Gateway server host when they overlap either way round, comparing
  // them as written (host.Name.Matches in istio/pkg/config/host).
  const errorsOf = (findings: ReturnType<typeof findingsWith>) =>
    findings.filter((f) => f.severity === "error").map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`);

  it("a VirtualService host '*' on a Gateway serving named hosts is bound, not a vs-host error", () => {
    assert.deepEqual(errorsOf(findingsWith("manifests/42-canary.yaml", (t) => t.replace("- canary.workshop-app.local", '- "*"'))), []);
  });

  it("a wildcard VirtualService host overlapping a named Gateway host is bound, not a vs-host error", () => {
    const errors = errorsOf(findingsWith("manifests/42-canary.yaml", (t) => t.replace("- canary.workshop-app.local", '- "*.workshop-app.local"')));
    assert.deepEqual(errors.filter((e) => / vs-host /.test(e)), []);
    // The wildcard also claims the Gateway API routes' hosts (*.gwapi.workshop-app.local): that overlap is real.
    assert.deepEqual(errors.filter((e) => !/ httproute-vs-host .*is also claimed by VirtualService workshop-canary/.test(e)), []);
  });

  it("a VirtualService host differing from the Gateway's only in case → vs-host (Istio compares hosts as written)", () => {
    only(findingsWith("manifests/42-canary.yaml", (t) => t.replace("- canary.workshop-app.local", "- Canary.workshop-app.local")), "vs-host", "manifests/42-canary.yaml", 10, /Canary\.workshop-app\.local .*not served by Gateway workshop-gateway/);
  });

  it("the seed's gateway selector → gateway-selector", () => {
    only(findingsWith("manifests/40-gateway.yaml", (t) => t.replace("istio: ingress\n", "istio: ingressgateway\n")), "gateway-selector", "manifests/40-gateway.yaml", 10, /istio=ingressgateway/);
  });

  it("gateway labels changed in the helm values → gateway-selector on the Gateway", () => {
    only(findingsWith("helm/gateway-values.yaml", (t) => t.replace("  istio: ingress\n", "  istio: edge\n")), "gateway-selector", "manifests/40-gateway.yaml", 10, /labelled .*istio=edge.*helm values helm\/gateway-values\.yaml/);
  });

  it("the gateway's principal dropped → authz-gateway-denied", () => {
    only(findingsWith("manifests/51-authorization-policy.yaml", (t) => t.replace("              - cluster.local/ns/istio-system/sa/istio-ingress\n", "")), "authz-gateway-denied", "manifests/51-authorization-policy.yaml", 14, /workshop-app-dev.*403/);
  });

  it("a principal with no ServiceAccount → authz-principal", () => {
    only(findingsWith("manifests/51-authorization-policy.yaml", (t) => t.replace("sa/workshop-app\n", "sa/workshop\n")), "authz-principal", "manifests/51-authorization-policy.yaml", 18, /no ServiceAccount workshop in namespace workshop-app/);
  });

  it("injection off in workshop-app → peer-auth-namespace", () => {
    only(findingsWith("manifests/00-namespaces.yaml", (t) => t.replace("istio-injection: enabled", "istio-injection: disabled")), "peer-auth-namespace", "manifests/50-peer-authentication.yaml", 6, /no sidecar injection/);
  });

  it("a mapping repeated in cluster.yaml → kind-port-duplicate", () => {
    const dup = "      - containerPort: 30021   # again\n        hostPort: 15022\n        listenAddress: 127.0.0.1\n        protocol: TCP\n";
    only(findingsWith("cluster.yaml", (t) => `${t}${dup}`), "kind-port-duplicate", "cluster.yaml", 34, /containerPort 30021\/TCP is mapped twice/);
  });

  it("a nodePort changed in the helm values → kind-port-nodeport", () => {
    const f = findingsWith("helm/gateway-values.yaml", (t) => t.replace("nodePort: 30080", "nodePort: 30081"));
    only(f, "kind-port-nodeport", "cluster.yaml", 20, /node port 30080.*80→30081/);
  });

  it("the Gateway's server moved off port 80 → kind-port-listener on the HTTP mapping (the proxy no longer listens behind it)", () => {
    const f = findingsWith("manifests/40-gateway.yaml", (t) => t.replace("number: 80\n", "number: 8000\n"));
    only(f, "kind-port-listener", "cluster.yaml", 20, /host port 18080 .* port 80, but no Gateway .* server on port 80/);
  });

  it("the gateway Service back to the chart's LoadBalancer → kind-port-nodeport for every mapping", () => {
    const f = findingsWith("helm/gateway-values.yaml", (t) => t.replace("type: NodePort", "type: LoadBalancer"));
    assert.deepEqual(f.map((x) => `${x.rule}@${x.line}`), ["kind-port-nodeport@20", "kind-port-nodeport@24"]);
  });

  it("a YAML syntax error is a finding with its line, and the other files are still checked", () => {
    const f = findingsWith("manifests/42-canary.yaml", (t) => t.replace("name: workshop-canary", "name: \"workshop-canary"));
    assert.ok(f.some((x) => x.rule === "yaml-syntax" && x.file === "manifests/42-canary.yaml" && x.line >= 5));
    // The canary VirtualService is unreadable now, so its host is no longer routed: still checked elsewhere.
    assert.ok(!f.some((x) => x.rule !== "yaml-syntax" && x.severity === "error"), JSON.stringify(f));
  });
});
