// Our own manifests load into exactly the model the local mesh and the checks rely on.
import assert from "node:assert/strict";
import { loadMesh } from "../../manifests/load.js";
import type { MeshModel, Workload } from "../../manifests/types.js";

/** The model without its `source` positions ({file, line}), which are asserted separately. */
function withoutSources<T>(value: T): T {
  const isPosition = (v: unknown) => typeof v === "object" && v !== null && "file" in v && "line" in v;
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === "source" && isPosition(v) ? undefined : v))) as T;
}

function echoWorkload(name: string, namespace: string, serviceAccount: string, app: string, version: string, injected: boolean): Omit<Workload, "source"> {
  return {
    name,
    namespace,
    serviceAccount,
    labels: { app, version },
    env: {
      VERSION: version,
      SERVICE_NAME: name,
      POD_NAME: `${name}-0`,
      POD_NAMESPACE: namespace,
      PORT: "8080",
      ADMIN_PORT: "8081",
    },
    podNameEnv: ["POD_NAME"],
    containerPort: 8080,
    adminPort: 8081,
    injected,
    replicas: 1,
    readiness: { path: "/readyz", port: 8080, initialDelayMs: 0, periodMs: 2_000, timeoutMs: 1_000, successThreshold: 1 },
    preStop: { sleepMs: 5_000, as: "sleep: 5s" },
    terminationGraceMs: 30_000,
  };
}

function outlierWorkload(version: string, env: Record<string, string>): Omit<Workload, "source"> {
  const w = echoWorkload(`workshop-outlier-${version}`, "workshop-app", "workshop-app", "workshop-outlier", version, true);
  return { ...w, env: { VERSION: version, SERVICE_NAME: "workshop-outlier", ...env, POD_NAME: w.env.POD_NAME!, POD_NAMESPACE: "workshop-app", PORT: "8080", ADMIN_PORT: "8081" } };
}

const route = (host: string, weight?: number) => ({
  destination: { host, port: { number: 8080 } },
  ...(weight !== undefined && { weight }),
});

describe("loadMesh: kind/manifests", () => {
  let mesh: MeshModel;
  before(() => {
    mesh = withoutSources(loadMesh());
  });

  it("declares the namespaces with their injection", () => {
    assert.deepEqual(mesh.namespaces, [
      { name: "workshop-app", injected: true },
      { name: "outside", injected: false },
    ]);
    assert.equal(mesh.trustDomain, "cluster.local");
  });

  it("runs the four variants and the two vantages, injected only inside the mesh", () => {
    assert.deepEqual(mesh.workloads, [
      ...["v1", "v2", "dev", "prod"].map((v) => ({
        ...echoWorkload(`workshop-app-${v}`, "workshop-app", "workshop-app", "workshop-app", v, true),
        // The disruption check restarts prod; its budget is the Deployment's annotation.
        ...(v === "prod" && { disruptionBudget: 0.02 }),
      })),
      // Outlier detection: one steady pod and one that fails every request, behind one Service.
      outlierWorkload("steady", {}),
      outlierWorkload("flaky", { FAILURE_RATIO: "1" }),
      echoWorkload("intruder", "workshop-app", "intruder", "intruder", "v1", true),
      echoWorkload("outsider", "outside", "outsider", "outsider", "v1", false),
    ]);
  });

  it("exposes each variant and the whole app as Services on 8080", () => {
    const port = [{ name: "http", port: 8080, targetPort: 8080 }];
    assert.deepEqual(mesh.services, [
      ...["v1", "v2", "dev", "prod"].map((v) => ({
        name: `workshop-app-${v}`,
        namespace: "workshop-app",
        selector: { app: "workshop-app", version: v },
        ports: port,
        type: "ClusterIP",
      })),
      { name: "workshop-app", namespace: "workshop-app", selector: { app: "workshop-app" }, ports: port, type: "ClusterIP" },
      // Their own destinations, so their DestinationRules limit nothing else.
      { name: "workshop-breaker", namespace: "workshop-app", selector: { app: "workshop-app", version: "v1" }, ports: port, type: "ClusterIP" },
      { name: "workshop-outlier", namespace: "workshop-app", selector: { app: "workshop-outlier" }, ports: port, type: "ClusterIP" },
      // gateway-api/46-mesh-route.yaml: the mesh (GAMMA) HTTPRoute's own parent.
      { name: "workshop-app-mesh", namespace: "workshop-app", selector: { app: "workshop-app" }, ports: port, type: "ClusterIP" },
    ]);
  });

  it("takes the ingress gateway's labels and identity from the helm values", () => {
    assert.deepEqual(mesh.ingressGateway, {
      namespace: "istio-system",
      serviceAccount: "istio-ingress",
      labels: { istio: "ingress", app: "istio-ingress" },
      ports: [
        { name: "status-port", port: 15021, targetPort: 15021, nodePort: 30021 },
        { name: "http", port: 80, targetPort: 80, nodePort: 30080 },
      ],
    });
  });

  it("has a gateway that selects the ingress gateway's pods, for every host", () => {
    assert.deepEqual(mesh.gateways, [
      {
        name: "workshop-gateway",
        namespace: "workshop-app",
        selector: { istio: "ingress" },
        servers: [
          { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["workshop-app.local", "canary.workshop-app.local", "timeouts.workshop-app.local", "retries.workshop-app.local", "faults.workshop-app.local", "breaker.workshop-app.local", "outlier.workshop-app.local"] },
        ],
      },
    ]);
    const [gateway] = mesh.gateways;
    for (const [key, value] of Object.entries(gateway!.selector)) assert.equal(mesh.ingressGateway.labels[key], value);
  });

  it("routes x-env: dev to dev and the rest to prod, and splits the canary 90/10", () => {
    assert.deepEqual(mesh.virtualServices.filter((vs) => vs.name === "workshop-routing" || vs.name === "workshop-canary"), [
      {
        name: "workshop-routing",
        namespace: "workshop-app",
        hosts: ["workshop-app.local"],
        gateways: ["workshop-app/workshop-gateway"],
        http: [
          { name: "dev", match: [{ headers: { "x-env": { exact: "dev" } } }], route: [route("workshop-app-dev")] },
          { name: "prod", route: [route("workshop-app-prod")] },
        ],
      },
      {
        name: "workshop-canary",
        namespace: "workshop-app",
        hosts: ["canary.workshop-app.local"],
        gateways: ["workshop-app/workshop-gateway"],
        http: [{ name: "canary", route: [route("workshop-app-v1", 90), route("workshop-app-v2", 10)] }],
      },
    ]);
  });

  it("carries a route timeout, retries on 5xx and fault injection, durations in ms", () => {
    const http = (name: string) => mesh.virtualServices.find((vs) => vs.name === name)?.http;
    assert.deepEqual(http("workshop-timeouts"), [{ name: "timeouts", route: [route("workshop-app-v1")], timeoutMs: 500 }]);
    assert.deepEqual(http("workshop-retries"), [
      { name: "retries", route: [route("workshop-app-v1")], retries: { attempts: 2, perTryTimeoutMs: 1000, retryOn: ["5xx"] } },
    ]);
    assert.deepEqual(http("workshop-faults"), [
      {
        name: "faults",
        route: [route("workshop-app-v1")],
        fault: { delay: { percent: 10, fixedDelayMs: 200 }, abort: { percent: 20, httpStatus: 503 } },
      },
    ]);
  });

  it("limits the breaker's connection pool and ejects the failing outlier pod, durations in ms", () => {
    assert.deepEqual(mesh.destinationRules, [
      {
        name: "workshop-breaker",
        namespace: "workshop-app",
        host: "workshop-breaker",
        connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, http2MaxRequests: 1 },
      },
      {
        name: "workshop-outlier",
        namespace: "workshop-app",
        host: "workshop-outlier",
        outlierDetection: { consecutive5xxErrors: 3, intervalMs: 1000, baseEjectionTimeMs: 2000, maxEjectionPercent: 50 },
      },
    ]);
  });

  it("requires mutual TLS across workshop-app", () => {
    assert.deepEqual(mesh.peerAuthentications, [{ name: "default", namespace: "workshop-app", mode: "STRICT" }]);
  });

  it("allows GET from workshop-app and the ingress gateway only", () => {
    assert.deepEqual(mesh.authorizationPolicies, [
      {
        name: "workshop-auth",
        namespace: "workshop-app",
        selector: { app: "workshop-app" },
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: ["cluster.local/ns/workshop-app/sa/workshop-app", "cluster.local/ns/istio-system/sa/istio-ingress"] } }],
            to: [{ operation: { methods: ["GET"] } }],
          },
        ],
      },
      // gateway-api/52-authorization-policy.yaml: the same for the Gateway API gateway's identity.
      {
        name: "workshop-auth-gateway-api",
        namespace: "workshop-app",
        selector: { app: "workshop-app" },
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: ["cluster.local/ns/workshop-app/sa/workshop-gateway-api-istio"] } }],
            to: [{ operation: { methods: ["GET"] } }],
          },
        ],
      },
    ]);
    const principals = mesh.authorizationPolicies[0]!.rules[0]!.from![0]!.source.principals!;
    const gateway = mesh.ingressGateway;
    assert.ok(principals.includes(`${mesh.trustDomain}/ns/${gateway.namespace}/sa/${gateway.serviceAccount}`));
  });

  it("reads the Gateway API Gateway and HTTPRoutes from kind/manifests/gateway-api, with the API's defaults", () => {
    assert.deepEqual(mesh.kubeGateways, [
      {
        name: "workshop-gateway-api",
        namespace: "workshop-app",
        gatewayClassName: "istio",
        listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: "*.gwapi.workshop-app.local", allowedRoutesFrom: "Same" }],
      },
    ]);
    const backend = (name: string, weight = 1) => ({ name, namespace: "workshop-app", port: 8080, weight });
    const everything = [{ path: { type: "PathPrefix", value: "/" }, headers: [] }];
    const parent = { kind: "Gateway", name: "workshop-gateway-api", namespace: "workshop-app", sectionName: "http" };
    assert.deepEqual(mesh.httpRoutes, [
      {
        name: "workshop-routing-gwapi",
        namespace: "workshop-app",
        parentRefs: [parent],
        hostnames: ["routing.gwapi.workshop-app.local"],
        rules: [
          { name: "dev", matches: [{ path: { type: "PathPrefix", value: "/" }, headers: [{ name: "x-env", type: "Exact", value: "dev" }] }], backendRefs: [backend("workshop-app-dev")], timeoutMs: 10_000 },
          {
            name: "dev-pattern",
            matches: [{ path: { type: "PathPrefix", value: "/" }, headers: [{ name: "x-env", type: "RegularExpression", value: "dev-[a-z0-9]+" }] }],
            backendRefs: [backend("workshop-app-dev")],
            timeoutMs: 10_000,
          },
          { name: "prod", matches: everything, backendRefs: [backend("workshop-app-prod")], timeoutMs: 10_000 },
        ],
      },
      {
        name: "workshop-canary-gwapi",
        namespace: "workshop-app",
        parentRefs: [parent],
        hostnames: ["canary.gwapi.workshop-app.local"],
        rules: [{ name: "canary", matches: everything, backendRefs: [backend("workshop-app-v1", 90), backend("workshop-app-v2", 10)], timeoutMs: 10_000 }],
      },
      {
        name: "workshop-mesh-split",
        namespace: "workshop-app",
        parentRefs: [{ kind: "Service", name: "workshop-app-mesh", namespace: "workshop-app", port: 8080 }],
        hostnames: [],
        rules: [{ name: "split", matches: everything, backendRefs: [backend("workshop-app-v1", 75), backend("workshop-app-v2", 25)], timeoutMs: 10_000 }],
      },
    ]);
  });

  it("records where each resource was written", () => {
    const canary = loadMesh().virtualServices.find((vs) => vs.name === "workshop-canary");
    assert.match(canary!.source.file, /kind\/manifests\/42-canary\.yaml$/);
    assert.equal(canary!.source.line, 3);
  });
});
