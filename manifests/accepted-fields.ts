// Every field the local mesh accepts, per kind, in one place. "honoured" fields change what the
// local mesh does; "ignored" ones only matter to a real cluster (scheduling, probes, resources).
// To support a new field, add it here and read it in the kind's mapper.
import type { Shape } from "./shape.js";

const OBJECT_META_IGNORED = {
  labels: "ignored",
  annotations: "ignored",
  // present in manifests exported from a cluster
  uid: "ignored",
  resourceVersion: "ignored",
  generation: "ignored",
  creationTimestamp: "ignored",
  managedFields: "ignored",
} as const;

const NAMESPACED_META: Shape = { name: "honoured", namespace: "honoured", ...OBJECT_META_IGNORED };

const TOP: Shape = { apiVersion: "honoured", kind: "honoured", status: "ignored" };

const LABEL_SELECTOR: Shape = { matchLabels: "honoured" };

export const NAMESPACE: Shape = {
  ...TOP,
  metadata: { ...OBJECT_META_IGNORED, name: "honoured", labels: "honoured" },
  spec: { finalizers: "ignored" },
};

export const SERVICE_ACCOUNT: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  automountServiceAccountToken: "ignored",
  imagePullSecrets: "ignored",
  secrets: "ignored",
};

const CONTAINER: Shape = {
  name: "ignored",
  image: "ignored",
  imagePullPolicy: "ignored",
  env: [
    {
      name: "honoured",
      value: "honoured",
      // secretKeyRef: only for ADMIN_TOKEN, whose Secret make cluster creates; its value is in no
      // manifest, so the local mesh gives every echo its per-run token instead.
      valueFrom: { fieldRef: { fieldPath: "honoured", apiVersion: "ignored" }, secretKeyRef: "honoured" },
    },
  ],
  ports: [{ name: "honoured", containerPort: "honoured", protocol: "honoured" }],
  // Readiness gates a new pod's endpoint; only an httpGet probe can be carried out here.
  readinessProbe: {
    httpGet: { path: "honoured", port: "honoured", scheme: "honoured", httpHeaders: "ignored" },
    initialDelaySeconds: "honoured",
    periodSeconds: "honoured",
    timeoutSeconds: "honoured",
    successThreshold: "honoured",
    failureThreshold: "ignored",
  },
  // A drain: the preStop sleep runs before SIGTERM (the `sleep:` action or `exec` of sleep).
  lifecycle: { preStop: { sleep: { seconds: "honoured" }, exec: { command: "honoured" } } },
  livenessProbe: "ignored",
  startupProbe: "ignored",
  resources: "ignored",
  securityContext: "ignored",
  terminationMessagePath: "ignored",
  terminationMessagePolicy: "ignored",
};

const POD_SPEC: Shape = {
  serviceAccountName: "honoured",
  containers: [CONTAINER],
  securityContext: "ignored",
  terminationGracePeriodSeconds: "honoured",
  nodeSelector: "ignored",
  tolerations: "ignored",
  affinity: "ignored",
  topologySpreadConstraints: "ignored",
  priorityClassName: "ignored",
  automountServiceAccountToken: "ignored",
  imagePullSecrets: "ignored",
  restartPolicy: "ignored",
};

export const DEPLOYMENT: Shape = {
  ...TOP,
  // annotations: meshcheck.io/disruption-budget is read (the rest stays without effect).
  metadata: { ...NAMESPACED_META, annotations: "honoured" },
  spec: {
    replicas: "honoured",
    selector: LABEL_SELECTOR,
    template: {
      metadata: { labels: "honoured", annotations: "honoured" },
      spec: POD_SPEC,
    },
    strategy: "ignored",
    revisionHistoryLimit: "ignored",
    minReadySeconds: "ignored",
    progressDeadlineSeconds: "ignored",
  },
};

export const SERVICE: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: {
    type: "honoured",
    selector: "honoured",
    ports: [{ name: "honoured", port: "honoured", targetPort: "honoured", nodePort: "honoured", protocol: "honoured" }],
    clusterIP: "ignored",
    clusterIPs: "ignored",
    ipFamilies: "ignored",
    ipFamilyPolicy: "ignored",
    internalTrafficPolicy: "ignored",
    externalTrafficPolicy: "ignored",
  },
};

export const GATEWAY: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: {
    selector: "honoured",
    servers: [
      {
        port: { number: "honoured", name: "honoured", protocol: "honoured" },
        hosts: "honoured",
        name: "ignored",
      },
    ],
  },
};

export const STRING_MATCH: Shape = { exact: "honoured", prefix: "honoured", regex: "honoured" };

const HTTP_MATCH: Shape = {
  name: "ignored",
  headers: { "*": STRING_MATCH },
  uri: STRING_MATCH,
  method: STRING_MATCH,
};

export const VIRTUAL_SERVICE: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: {
    hosts: "honoured",
    gateways: "honoured",
    http: [
      {
        name: "honoured",
        match: [HTTP_MATCH],
        route: [
          {
            destination: { host: "honoured", port: { number: "honoured" } },
            weight: "honoured",
          },
        ],
        timeout: "honoured",
        retries: { attempts: "honoured", perTryTimeout: "honoured", retryOn: "honoured" },
        fault: {
          delay: { fixedDelay: "honoured", percentage: { value: "honoured" } },
          abort: { httpStatus: "honoured", percentage: { value: "honoured" } },
        },
      },
    ],
  },
};

export const PEER_AUTHENTICATION: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: { selector: LABEL_SELECTOR, mtls: { mode: "honoured" } },
};

export const AUTHORIZATION_POLICY: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: {
    selector: LABEL_SELECTOR,
    action: "honoured",
    rules: [
      {
        from: [
          {
            source: {
              principals: "honoured",
              notPrincipals: "honoured",
              namespaces: "honoured",
              notNamespaces: "honoured",
            },
          },
        ],
        to: [
          {
            operation: { methods: "honoured", notMethods: "honoured", paths: "honoured", notPaths: "honoured" },
          },
        ],
      },
    ],
  },
};

const TRAFFIC_POLICY: Shape = {
  connectionPool: {
    tcp: { maxConnections: "honoured", connectTimeout: "ignored", tcpKeepalive: "ignored" },
    http: {
      http1MaxPendingRequests: "honoured",
      http2MaxRequests: "honoured",
      // Connection reuse only: nothing a request can observe, so the local mesh does not model it.
      maxRequestsPerConnection: "ignored",
      idleTimeout: "ignored",
      h2UpgradePolicy: "ignored",
    },
  },
  outlierDetection: {
    consecutive5xxErrors: "honoured",
    interval: "honoured",
    baseEjectionTime: "honoured",
    maxEjectionPercent: "honoured",
  },
};

export const DESTINATION_RULE: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: { host: "honoured", trafficPolicy: TRAFFIC_POLICY, exportTo: "ignored" },
};

/** kind/helm/gateway-values.yaml: values for the istio/gateway chart. */
export const GATEWAY_VALUES: Shape = {
  labels: "honoured",
  serviceAccount: { create: "ignored", name: "honoured", annotations: "ignored" },
  service: {
    type: "honoured",
    ports: [{ name: "honoured", port: "honoured", targetPort: "honoured", nodePort: "honoured", protocol: "honoured" }],
    annotations: "ignored",
    externalTrafficPolicy: "ignored",
  },
  replicaCount: "ignored",
  autoscaling: "ignored",
  resources: "ignored",
  podAnnotations: "ignored",
  securityContext: "ignored",
  containerSecurityContext: "ignored",
  nodeSelector: "ignored",
  tolerations: "ignored",
  affinity: "ignored",
  topologySpreadConstraints: "ignored",
  annotations: "ignored",
};

/**
 * A ConfigMap: only as a Gateway API Gateway's infrastructure.parametersRef, the overlay Istio
 * merges into the gateway it deploys on a cluster (its Service's nodePort). The local mesh
 * serves those routes at its own gateway, so the data has no effect here.
 */
export const CONFIG_MAP: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  data: "ignored",
};

/** gateway.networking.k8s.io/v1 Gateway: its class and HTTP listeners (hostname, allowed namespaces). */
export const KUBE_GATEWAY: Shape = {
  ...TOP,
  metadata: NAMESPACED_META,
  spec: {
    gatewayClassName: "honoured",
    // How Istio deploys the gateway on a cluster (its Service type, nodePorts): no local effect.
    infrastructure: { parametersRef: "ignored", labels: "ignored", annotations: "ignored" },
    listeners: [
      {
        name: "honoured",
        port: "honoured",
        protocol: "honoured",
        hostname: "honoured",
        allowedRoutes: { namespaces: { from: "honoured" } },
      },
    ],
  },
};

/** gateway.networking.k8s.io/v1 HTTPRoute: parents, hostnames, matches, weighted Service backends, request timeouts. */
export const HTTP_ROUTE: Shape = {
  ...TOP,
  metadata: { ...NAMESPACED_META, creationTimestamp: "honoured" },
  spec: {
    parentRefs: [{ group: "honoured", kind: "honoured", name: "honoured", namespace: "honoured", sectionName: "honoured", port: "honoured" }],
    hostnames: "honoured",
    rules: [
      {
        name: "honoured",
        matches: [
          {
            path: { type: "honoured", value: "honoured" },
            headers: [{ type: "honoured", name: "honoured", value: "honoured" }],
            method: "honoured",
          },
        ],
        backendRefs: [{ group: "honoured", kind: "honoured", name: "honoured", namespace: "honoured", port: "honoured", weight: "honoured" }],
        timeouts: { request: "honoured" },
      },
    ],
  },
};
