// Every class of manifest the local mesh cannot honour fails to load with one line naming the
// file, the line (the one marked `# <-` below), the resource and the field.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMesh } from "../../manifests/load.js";
import { readConfig } from "../../apps/echo/src/config.js";
import { ManifestError } from "../../manifests/types.js";

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: app
  labels:
    istio-injection: enabled
`;

const vs = (http: string, apiVersion = "networking.istio.io/v1") => `apiVersion: ${apiVersion}
kind: VirtualService
metadata:
  name: vs
  namespace: app
spec:
  hosts: [a.local]
  http:
${http}`;

/** The env the echo app needs to start, after whatever env entries a case writes itself. */
const APP_ENV = `            - { name: VERSION, value: v1 }
            - { name: SERVICE_NAME, value: echo }
            - { name: POD_NAMESPACE, value: app }
            - { name: ADMIN_TOKEN, valueFrom: { secretKeyRef: { name: meshcheck-admin, key: token } } }
`;
const withAppEnv = (container: string) =>
  container.startsWith("          env:\n") ? container + APP_ENV : `          env:\n${APP_ENV}${container}`;

const deployment = (container: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
  namespace: app
spec:
  selector:
    matchLabels: { app: echo }
  template:
    metadata:
      labels: { app: echo }
    spec:${extra}
      containers:
        - name: echo
          ports:
            - { name: http, containerPort: 8080 }
${withAppEnv(container)}`;

interface Case {
  name: string;
  /** The manifest under test (written to 10-bad.yaml, next to a Namespace `app`). */
  yaml: string;
  resource: string;
  field: string;
  detail: string;
}

const cases: Case[] = [
  {
    name: "a field the local mesh cannot honour (mirror)",
    yaml: vs(`    - name: canary
      mirror: { host: a }  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].mirror",
    detail: "not supported by the local mesh (supported here: name, match, route, timeout, retries, fault)",
  },
  {
    name: "a route timeout that is not a Go duration",
    yaml: vs(`    - name: canary
      timeout: 1d  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].timeout",
    detail: 'must be a duration like 1s, 1.5s or 200ms, got "1d"',
  },
  {
    name: "an unknown retry condition",
    yaml: vs(`    - name: canary
      retries:
        attempts: 2
        retryOn: 5xx,sometimes  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].retries.retryOn",
    detail: 'unknown retry condition "sometimes"; supported: 5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable or a status code',
  },
  {
    name: "a fault without its percentage",
    yaml: vs(`    - name: canary
      fault:
        abort:  # <-
          httpStatus: 503
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].fault.abort.percentage.value",
    detail: "is required (a percentage of requests, 0 to 100)",
  },
  {
    name: "a fault percentage over 100",
    yaml: vs(`    - name: canary
      fault:
        delay:
          fixedDelay: 200ms
          percentage: { value: 120 }  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].fault.delay.percentage.value",
    detail: "must be between 0 and 100, got 120",
  },
  {
    name: "an unsupported kind",
    yaml: `apiVersion: networking.istio.io/v1
kind: ServiceEntry  # <-
metadata: { name: se, namespace: app }
spec: { hosts: [a] }
`,
    resource: "ServiceEntry app/se",
    field: "kind",
    detail:
      "ServiceEntry is not supported by the local mesh (supported: Namespace, ServiceAccount, Deployment, Service, Gateway, VirtualService, DestinationRule, PeerAuthentication, ConfigMap, HTTPRoute, AuthorizationPolicy)",
  },
  {
    name: "a DestinationRule duration that is not one",
    yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr, namespace: app }
spec:
  host: a
  trafficPolicy:
    outlierDetection:
      baseEjectionTime: 2 seconds  # <-
`,
    resource: "DestinationRule app/dr",
    field: "spec.trafficPolicy.outlierDetection.baseEjectionTime",
    detail: 'must be a duration like 1s, 1.5s or 200ms, got "2 seconds"',
  },
  {
    name: "a maxEjectionPercent over 100",
    yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr, namespace: app }
spec:
  host: a
  trafficPolicy:
    outlierDetection:
      maxEjectionPercent: 150  # <-
`,
    resource: "DestinationRule app/dr",
    field: "spec.trafficPolicy.outlierDetection.maxEjectionPercent",
    detail: "must be between 0 and 100, got 150",
  },
  {
    name: "a connection pool limit of 0",
    yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr, namespace: app }
spec:
  host: a
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 0  # <-
`,
    resource: "DestinationRule app/dr",
    field: "spec.trafficPolicy.connectionPool.tcp.maxConnections",
    detail: "must be between 1 and 4294967295, got 0",
  },
  {
    name: "a DestinationRule field the local mesh cannot honour",
    yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr, namespace: app }
spec:
  host: a
  trafficPolicy:
    loadBalancer:  # <-
      simple: ROUND_ROBIN
`,
    resource: "DestinationRule app/dr",
    field: "spec.trafficPolicy.loadBalancer",
    detail: "not supported by the local mesh (supported here: connectionPool, outlierDetection)",
  },
  {
    name: "a disruption budget that is not a share",
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: app
  annotations:
    meshcheck.io/disruption-budget: "5%"  # <-
spec:
  selector: { matchLabels: { app: d } }
  template:
    metadata: { labels: { app: d } }
    spec:
      containers:
        - name: echo
          ports: [{ name: http, containerPort: 8080 }]
`,
    resource: "Deployment app/d",
    field: 'metadata.annotations["meshcheck.io/disruption-budget"]',
    detail: 'must be a share of requests between 0 and 1, like "0.02", got "5%"',
  },
  {
    name: "weights that do not sum to 100",
    yaml: vs(`    - name: canary
      route:  # <-
        - destination: { host: a }
          weight: 80
        - destination: { host: b }
          weight: 10
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].route",
    detail: 'route ("canary") weights 80/10 sum to 90, must sum to 100',
  },
  {
    name: "several destinations, one without a weight",
    yaml: vs(`    - route:
        - destination: { host: a }
          weight: 100
        - destination: { host: b }  # <-
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].route[1]",
    detail: "route has several destinations, so each needs a weight",
  },
  {
    name: "a fractional weight",
    yaml: vs(`    - route:
        - destination: { host: a }
          weight: 90.5  # <-
        - destination: { host: b }
          weight: 9.5
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].route[0].weight",
    detail: "must be an integer, got number 90.5",
  },
  {
    name: "a regex that does not compile",
    yaml: vs(`    - match:
        - headers:
            x-env:
              regex: "dev("  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].match[0].headers.x-env.regex",
    detail: 'regex "dev(" does not compile: Invalid regular expression: /dev(/: Unterminated group',
  },
  {
    name: "a regex RE2 cannot run (lookahead)",
    yaml: vs(`    - match:
        - uri:
            regex: "/(?!admin).*"  # <-
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].match[0].uri.regex",
    detail: "regex \"/(?!admin).*\" uses lookaround or a backreference, which Envoy's RE2 does not support",
  },
  {
    name: "a header match with two kinds of match",
    yaml: vs(`    - match:
        - headers:
            x-env:  # <-
              exact: dev
              prefix: de
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].match[0].headers.x-env",
    detail: "a string match needs exactly one of exact, prefix, regex (found exact and prefix)",
  },
  {
    name: "an upper-case header name",
    yaml: vs(`    - match:
        - headers:
            X-Env:  # <-
              exact: dev
      route:
        - destination: { host: a }
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].match[0].headers.X-Env",
    detail: "header names must be lower-case",
  },
  {
    name: "an apiVersion older than v1beta1",
    yaml: vs(
      `    - route:
        - destination: { host: a }
`,
      "networking.istio.io/v1alpha3",
    ).replace("apiVersion: networking.istio.io/v1alpha3", "apiVersion: networking.istio.io/v1alpha3  # <-"),
    resource: "VirtualService app/vs",
    field: "apiVersion",
    detail: "networking.istio.io/v1alpha3 is not supported for VirtualService (use networking.istio.io/v1)",
  },
  {
    name: "a port out of range",
    yaml: vs(`    - route:
        - destination:
            host: a
            port: { number: 70000 }  # <-
`),
    resource: "VirtualService app/vs",
    field: "spec.http[0].route[0].destination.port.number",
    detail: "must be between 1 and 65535, got 70000",
  },
  {
    name: "a port that is not an integer",
    yaml: `apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec:
  selector: { app: echo }
  ports:
    - port: "8080"  # <-
`,
    resource: "Service app/svc",
    field: "spec.ports[0].port",
    detail: 'must be an integer, got string "8080"',
  },
  {
    name: "a named targetPort",
    yaml: `apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec:
  selector: { app: echo }
  ports:
    - port: 8080
      targetPort: http  # <-
`,
    resource: "Service app/svc",
    field: "spec.ports[0].targetPort",
    detail: `named targetPort "http" is not supported; use the container's port number`,
  },
  {
    name: "an env valueFrom other than the pod's name and namespace",
    yaml: deployment(`          env:
            - name: NODE
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath",
    detail: 'only metadata.name and metadata.namespace are supported, got "spec.nodeName"',
  },
  {
    name: "an env value from a secret, other than the admin token",
    yaml: deployment(`          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef: { name: s, key: k }  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef",
    detail: "only ADMIN_TOKEN may come from a Secret (the local mesh generates it per run); give TOKEN a value or a fieldRef",
  },
  {
    name: "an unquoted number as an env value",
    yaml: deployment(`          env:
            - name: PORT
              value: 8080  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].env[0].value",
    detail: "must be a string, got number 8080 (quote it)",
  },
  {
    name: "a VERSION the echo app refuses (its pod would crash-loop)",
    yaml: deployment(`          env:
            - name: VERSION
              value: bogus  # <-
`).replace("            - { name: VERSION, value: v1 }\n", ""),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].env[0].value",
    detail: 'the echo container would exit 2 at start (CrashLoopBackOff): VERSION must be one of v1|v2|dev|prod|steady|flaky, got "bogus"',
  },
  {
    name: "a PORT other than the containerPort traffic is sent to",
    yaml: deployment(`          env:
            - name: PORT
              value: "9090"  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].env[0].value",
    detail: "the app listens on PORT 9090 but containerPort http is 8080: nothing would answer there",
  },
  {
    name: "a readiness probe on a port the app does not answer probes on",
    yaml: deployment(`          readinessProbe:
            httpGet: { path: /readyz, port: 8081 }  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].readinessProbe.httpGet.port",
    detail: "the echo app answers probes on its service port 8080; a probe on 8081 never succeeds, so the pod never becomes Ready",
  },
  {
    name: "a preStop exec that is not a sleep",
    yaml: deployment(`          lifecycle:
            preStop:
              exec:
                command: [/bin/drain, --now]  # <-
`),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].lifecycle.preStop.exec.command",
    detail: 'the local mesh runs a preStop exec only when it is sleep N (or sh -c "sleep N"), got ["/bin/drain","--now"]',
  },
  {
    name: "a preStop sleep as long as the grace period",
    yaml: deployment(
      `          lifecycle:
            preStop:
              sleep:
                seconds: 10  # <-
`,
      `
      terminationGracePeriodSeconds: 10`,
    ),
    resource: "Deployment app/echo",
    field: "spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds",
    detail: "a 10s preStop does not fit terminationGracePeriodSeconds 10: the pod is killed before the app gets SIGTERM",
  },
  {
    name: "a service account that is not declared",
    yaml: deployment(
      "",
      `
      serviceAccountName: ghost  # <-`,
    ),
    resource: "Deployment app/echo",
    field: "spec.template.spec.serviceAccountName",
    detail: "service account ghost is not declared in namespace app (add a ServiceAccount)",
  },
  {
    name: "a namespace that is not declared",
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  namespace: elsewhere  # <-
`,
    resource: "ServiceAccount elsewhere/sa",
    field: "metadata.namespace",
    detail: "namespace elsewhere is not declared in the manifests (add a Namespace)",
  },
  {
    name: "a namespaced resource without a namespace",
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata:  # <-
  name: sa
`,
    resource: "ServiceAccount",
    field: "metadata.namespace",
    detail: "is required (the local mesh has no current namespace to default to)",
  },
  {
    name: "a resource defined twice",
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata: { name: sa, namespace: app }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: sa, namespace: app }  # <-
`,
    resource: "ServiceAccount app/sa",
    field: "metadata.name",
    detail: "ServiceAccount app/sa is already defined at FILE:1",
  },
  {
    name: "a principal written with spiffe://",
    yaml: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: authz, namespace: app }
spec:
  rules:
    - from:
        - source:
            principals:
              - spiffe://cluster.local/ns/app/sa/app  # <-
`,
    resource: "AuthorizationPolicy app/authz",
    field: "spec.rules[0].from[0].source.principals[0]",
    detail: "write principals without spiffe:// (e.g. cluster.local/ns/app/sa/app)",
  },
  {
    name: "an authorization condition the local mesh cannot evaluate",
    yaml: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: authz, namespace: app }
spec:
  rules:
    - when:  # <-
        - { key: "request.headers[x-token]", values: [secret] }
`,
    resource: "AuthorizationPolicy app/authz",
    field: "spec.rules[0].when",
    detail: "not supported by the local mesh (supported here: from, to)",
  },
  {
    name: "an mTLS mode the local mesh cannot resolve",
    yaml: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: app }
spec:
  mtls:
    mode: UNSET  # <-
`,
    resource: "PeerAuthentication app/default",
    field: "spec.mtls.mode",
    detail: 'must be one of STRICT, PERMISSIVE, DISABLE, got "UNSET"',
  },
  {
    name: "a label value that is not a string",
    yaml: `apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec:
  selector:
    version: 2  # <-
  ports: [{ port: 8080 }]
`,
    resource: "Service app/svc",
    field: "spec.selector.version",
    detail: "must be a string, got number 2 (quote it)",
  },
  {
    name: "an injection override that is not true or false",
    yaml: deployment(
      "",
      "",
    ).replace("      labels: { app: echo }\n    spec:", '      labels: { app: echo }\n      annotations:\n        sidecar.istio.io/inject: "yes"  # <-\n    spec:'),
    resource: "Deployment app/echo",
    field: 'spec.template.metadata.annotations["sidecar.istio.io/inject"]',
    detail: 'must be "true" or "false", got "yes"',
  },
  {
    name: "a selector that does not match the pod template",
    yaml: deployment("").replace("matchLabels: { app: echo }", "matchLabels: { app: other }  # <-"),
    resource: "Deployment app/echo",
    field: "spec.selector.matchLabels.app",
    detail: "does not match the pod template's labels (app=echo)",
  },
  {
    name: "a document that is not a mapping",
    yaml: `- apiVersion: v1  # <-
  kind: Namespace
`,
    resource: "document",
    field: "(document)",
    detail: "a manifest must be a mapping with apiVersion and kind",
  },
  {
    name: "an alias to an anchor that does not exist",
    yaml: `apiVersion: v1  # <-
kind: Service
metadata: { name: svc, namespace: app }
spec: *spec
`,
    resource: "YAML",
    field: "syntax",
    detail: "Unresolved alias (the anchor must be set before the alias): spec",
  },
  {
    name: "malformed YAML",
    yaml: `apiVersion: v1
kind: Service
metadata: { name: svc, namespace: app }
spec:
  selector: { app: echo
  ports: []  # <-
`,
    resource: "YAML",
    field: "syntax",
    detail: "Flow map in block collection must be sufficiently indented and end with a }",
  },
  {
    name: "a duplicate key",
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: a
  name: b  # <-
`,
    resource: "YAML",
    field: "syntax",
    detail: "Map keys must be unique",
  },
];

describe("loadMesh: manifests it cannot honour", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "meshcheck-load-"));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A manifests directory holding Namespace `app` and `yaml` as 10-bad.yaml. */
  function manifests(name: string, yaml: string): { dir: string; file: string } {
    const dir = join(root, name.replace(/[^a-z0-9]+/gi, "-"));
    mkdirSync(dir);
    writeFileSync(join(dir, "00-namespace.yaml"), NAMESPACE);
    const file = join(dir, "10-bad.yaml");
    writeFileSync(file, yaml);
    return { dir, file };
  }

  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const { dir, file } = manifests(c.name, c.yaml);
      const line = c.yaml.split("\n").findIndex((text) => text.includes("# <-")) + 1;
      assert.ok(line > 0, "the case marks its line with # <-");
      const detail = c.detail.replace("FILE", file);
      assert.throws(
        () => loadMesh({ manifestsDir: dir, appEnv: readConfig }),
        (err: unknown) => {
          assert.ok(err instanceof ManifestError);
          assert.equal(err.message, `${file}:${line}: ${c.resource}: ${c.field}: ${detail}`);
          assert.deepEqual(err.source, { file, line });
          assert.equal(err.field, c.field);
          return true;
        },
      );
    });
  }
});
