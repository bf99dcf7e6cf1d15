// A small hand-built MeshModel shaped like kind/manifests, for unit tests of the runtime that
// must not depend on the loader or the YAML.
import type { AuthorizationPolicy, MeshModel, Service, Workload } from "../../manifests/types.js";

const source = { file: "fixture.yaml", line: 1 };

export function workload(name: string, namespace: string, sa: string, app: string, version: string, injected = true): Workload {
  return {
    name,
    namespace,
    serviceAccount: sa,
    labels: { app, version },
    env: { VERSION: version, SERVICE_NAME: name, POD_NAMESPACE: namespace },
    containerPort: 8080,
    adminPort: 8081,
    injected,
    replicas: 1,
    terminationGraceMs: 30_000,
    source,
  };
}

export function service(name: string, namespace: string, selector: Record<string, string>, port = 8080): Service {
  return { name, namespace, selector, ports: [{ name: "http", port, targetPort: 8080 }], type: "ClusterIP", source };
}

export const getOnlyPolicy: AuthorizationPolicy = {
  name: "workshop-auth",
  namespace: "workshop-app",
  selector: { app: "workshop-app" },
  action: "ALLOW",
  rules: [
    {
      from: [
        {
          source: {
            principals: ["cluster.local/ns/workshop-app/sa/workshop-app", "cluster.local/ns/istio-system/sa/istio-ingress"],
          },
        },
      ],
      to: [{ operation: { methods: ["GET"] } }],
    },
  ],
  source,
};

/** Fresh every call: tests may not share mutable fixtures. */
export function fixtureModel(): MeshModel {
  const ns = "workshop-app";
  return {
    trustDomain: "cluster.local",
    namespaces: [
      { name: ns, injected: true, source },
      { name: "outside", injected: false, source },
    ],
    workloads: [
      workload("workshop-app-v1", ns, "workshop-app", "workshop-app", "v1"),
      workload("workshop-app-v2", ns, "workshop-app", "workshop-app", "v2"),
      workload("workshop-app-dev", ns, "workshop-app", "workshop-app", "dev"),
      workload("workshop-app-prod", ns, "workshop-app", "workshop-app", "prod"),
      workload("intruder", ns, "intruder", "intruder", "v1"),
      workload("outsider", "outside", "outsider", "outsider", "v1", false),
    ],
    services: [
      service("workshop-app-v1", ns, { app: "workshop-app", version: "v1" }),
      service("workshop-app-v2", ns, { app: "workshop-app", version: "v2" }),
      service("workshop-app-dev", ns, { app: "workshop-app", version: "dev" }),
      service("workshop-app-prod", ns, { app: "workshop-app", version: "prod" }),
      service("workshop-app", ns, { app: "workshop-app" }),
      service("outsider", "outside", { app: "outsider" }),
    ],
    ingressGateway: { namespace: "istio-system", serviceAccount: "istio-ingress", labels: { istio: "ingress", app: "istio-ingress" } },
    gateways: [
      {
        name: "workshop-gateway",
        namespace: ns,
        selector: { istio: "ingress" },
        servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["workshop-app.local", "canary.workshop-app.local"] }],
        source,
      },
    ],
    virtualServices: [
      {
        name: "workshop-routing",
        namespace: ns,
        hosts: ["workshop-app.local"],
        gateways: [`${ns}/workshop-gateway`],
        http: [
          {
            name: "dev",
            match: [{ headers: { "x-env": { exact: "dev" } } }],
            route: [{ destination: { host: "workshop-app-dev", port: { number: 8080 } } }],
          },
          { name: "prod", route: [{ destination: { host: "workshop-app-prod", port: { number: 8080 } } }] },
        ],
        source,
      },
      {
        name: "workshop-canary",
        namespace: ns,
        hosts: ["canary.workshop-app.local"],
        gateways: ["workshop-gateway"],
        http: [
          {
            name: "canary",
            route: [
              { destination: { host: "workshop-app-v1", port: { number: 8080 } }, weight: 90 },
              { destination: { host: "workshop-app-v2", port: { number: 8080 } }, weight: 10 },
            ],
          },
        ],
        source,
      },
    ],
    peerAuthentications: [{ name: "default", namespace: ns, mode: "STRICT", source }],
    authorizationPolicies: [structuredClone(getOnlyPolicy)],
    destinationRules: [],
    kubeGateways: [],
    httpRoutes: [],
  };
}
