// The Gateway API as the loader reads it: which HTTPRoutes attach where, the order their matches
// are tried (precedence, not the order written), weights as proportions, and the fields it
// cannot honour refused with file:line.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMesh } from "../../manifests/load.js";
import { asVirtualService, gatewayAttachments, meshHttpRoutes, rankedRoutes } from "../../manifests/gateway-api-routes.js";
import type { MeshModel } from "../../manifests/types.js";

const BASE = `apiVersion: v1
kind: Namespace
metadata: { name: app }
---
apiVersion: v1
kind: Namespace
metadata: { name: other }
---
apiVersion: v1
kind: Service
metadata: { name: a, namespace: app }
spec: { selector: { app: a }, ports: [{ port: 8080 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: app }
spec:
  gatewayClassName: istio
  listeners:
    - { name: http, port: 80, protocol: HTTP, hostname: "*.x.local" }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "meshcheck-gwapi-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(yaml: string): MeshModel {
  writeFileSync(join(dir, "00-base.yaml"), BASE);
  writeFileSync(join(dir, "10-routes.yaml"), yaml);
  return loadMesh({ manifestsDir: dir });
}

const route = (name: string, rules: string, extra = "", namespace = "app") => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  parentRefs: [{ name: gw, namespace: app }]
  hostnames: [r.x.local]${extra}
  rules:
${rules}`;

const backend = "      backendRefs: [{ name: a, port: 8080 }]\n";

describe("Gateway API HTTPRoutes in the loader", () => {
  it("tries matches by precedence across rules, not in the order written", () => {
    const m = load(
      route(
        "r",
        `    - name: default\n${backend}` +
          `    - name: one-header\n      matches: [{ headers: [{ name: X-A, value: "1" }] }]\n${backend}` +
          `    - name: two-headers\n      matches: [{ headers: [{ name: x-a, value: "1" }, { name: x-b, value: "2" }] }]\n${backend}` +
          `    - name: method\n      matches: [{ method: POST }]\n${backend}` +
          `    - name: short-prefix\n      matches: [{ path: { type: PathPrefix, value: /a } }]\n${backend}` +
          `    - name: long-prefix\n      matches: [{ path: { type: PathPrefix, value: /a/b } }]\n${backend}` +
          `    - name: exact\n      matches: [{ path: { type: Exact, value: /z } }]\n${backend}`,
      ),
    );
    const [attached] = gatewayAttachments(m);
    const order = asVirtualService(attached!).http.map((r) => r.name);
    assert.deepEqual(order, ["exact", "long-prefix", "short-prefix", "method", "two-headers", "one-header", "default"]);
    // Header names match case-insensitively: read lower-cased; a PathPrefix matches whole segments.
    const vs = asVirtualService(attached!);
    assert.deepEqual(vs.http.find((r) => r.name === "one-header")!.match, [{ headers: { "x-a": { exact: "1" } } }]);
    const prefix = new RegExp(`^(?:${vs.http.find((r) => r.name === "short-prefix")!.match![0]!.uri!.regex!})$`);
    assert.ok(prefix.test("/a") && prefix.test("/a/c"));
    assert.ok(!prefix.test("/ab"));
  });

  it("breaks ties between routes by age, then namespace/name; within a route by rule order", () => {
    const header = `    - matches: [{ headers: [{ name: x-a, value: "1" }] }]\n${backend}`;
    const m = load(
      route("b-route", header) + route("a-route", header) + route("c-old", header, "", "app").replace("metadata: { name: c-old, namespace: app }", "metadata: { name: c-old, namespace: app, creationTimestamp: '2020-01-01T00:00:00Z' }"),
    );
    assert.deepEqual(rankedRoutes(m.httpRoutes).map((r) => r.owner.name), ["c-old", "a-route", "b-route"]);
    const twice = load(route("r", `    - name: first\n      ${header.slice(6)}    - name: second\n      ${header.slice(6)}`));
    assert.deepEqual(rankedRoutes(twice.httpRoutes).map((r) => r.route.name), ["first", "second"]);
  });

  it("reads weights as proportions: 0 gets nothing, all 0 answers 500", () => {
    const m = load(
      route(
        "r",
        `    - matches: [{ headers: [{ name: x-a, value: "1" }] }]\n      backendRefs: [{ name: a, port: 8080, weight: 3 }, { name: a, port: 8080, weight: 1 }, { name: a, port: 8080, weight: 0 }]\n` +
          `    - backendRefs: [{ name: a, port: 8080, weight: 0 }]\n`,
      ),
    );
    const [weighted, none] = asVirtualService(gatewayAttachments(m)[0]!).http;
    assert.deepEqual(weighted!.route.map((d) => d.weight), [75, 25, 0]);
    assert.equal(weighted!.fault, undefined);
    assert.deepEqual(none!.fault, { abort: { percent: 100, httpStatus: 500 } });
  });

  it("attaches a route only where its parentRef resolves and the listener admits it", () => {
    const rules = `    - ${backend.trimStart()}`;
    const m = load(
      route("attached", rules) +
        route("no-such-gateway", rules).replace("name: gw, namespace: app", "name: missing") +
        route("wrong-section", rules).replace("name: gw, namespace: app", "name: gw, sectionName: https") +
        route("other-host", rules).replace("r.x.local", "r.y.local") +
        // the listener admits routes from its own namespace only (allowedRoutes default Same)
        route("other-namespace", rules.replace("name: a,", "name: b,"), "", "other"),
    );
    assert.deepEqual(gatewayAttachments(m).map((a) => [a.route.name, a.hosts]), [["attached", ["r.x.local"]]]);
  });

  it("attaches a GAMMA route to the Service it names", () => {
    const m = load(`---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: mesh, namespace: app }
spec:
  parentRefs: [{ group: "", kind: Service, name: a, port: 8080 }]
  rules:
    - ${backend.trimStart()}`);
    assert.deepEqual(meshHttpRoutes(m, m.services[0]!).map((r) => r.name), ["mesh"]);
    assert.deepEqual(gatewayAttachments(m), []);
  });

  it("refuses what it cannot honour with file:line, resource and field", () => {
    const cases: [string, RegExp][] = [
      [route("r", `    - filters: [{ type: RequestHeaderModifier }]\n${backend}`), /10-routes\.yaml:\d+: HTTPRoute app\/r: spec\.rules\[0\]\.filters: not supported by the local mesh/],
      [route("r", `    - backendRefs: [{ name: a }]\n`), /HTTPRoute app\/r: spec\.rules\[0\]\.backendRefs\[0\]\.port: is required for a Service backend/],
      [route("r", `    - backendRefs: [{ name: a, namespace: other, port: 8080 }]\n`), /backendRefs\[0\]\.namespace: a backend in another namespace needs a ReferenceGrant/],
      [route("r", `    - timeouts: { request: 1.5s }\n${backend}`), /timeouts\.request: must be a Gateway API duration/],
      [route("r", `    - matches: [{ headers: [{ name: x, type: RegularExpression, value: "(?=a)" }] }]\n${backend}`), /headers\[0\]\.value: regex .* lookaround/],
    ];
    for (const [yaml, expected] of cases) assert.throws(() => load(yaml), expected);
    assert.throws(
      () => load(BASE.replace("protocol: HTTP,", "protocol: HTTPS,").split("---").pop()!.replace("name: gw", "name: gw2")),
      /Gateway app\/gw2: spec\.listeners\[0\]\.protocol: must be one of HTTP/,
    );
  });

  it("reads the request timeout in the Gateway API's duration form; 0s is none", () => {
    const m = load(route("r", `    - timeouts: { request: 1m30s }\n${backend}    - matches: [{ method: GET }]\n      timeouts: { request: 0s }\n${backend}`));
    assert.deepEqual(m.httpRoutes[0]!.rules.map((r) => r.timeoutMs), [90_000, undefined]);
  });
});
