// The mesh as meshcheck understands it: the subset of Kubernetes and Istio resources in
// kind/manifests that the local mesh can honour, already validated. The loader (./load.ts) turns
// YAML into this; expectations/ derives the target profile from it and local-mesh/ serves it. A
// field outside this subset is a load error, never silently ignored.

export type Labels = Record<string, string>;

/** Where in the manifests a resource came from, for error messages and preflight findings. */
export interface Source {
  file: string;
  /** 1-based line of the document's first line. */
  line: number;
}

export interface Namespace {
  name: string;
  /** `istio-injection=enabled` label: workloads here get a sidecar. */
  injected: boolean;
  source: Source;
}

/** A Deployment of the echo app (or the ingress gateway, see IngressGateway). */
export interface Workload {
  name: string;
  namespace: string;
  serviceAccount: string;
  /** Pod template labels. */
  labels: Labels;
  /**
   * Container env as name → value. Literal values, plus the downward-API fieldRefs
   * metadata.name and metadata.namespace, resolved as if for the first pod: `<deployment>-0`
   * and the deployment's namespace.
   */
  env: Record<string, string>;
  /** Env variables set from the pod's own metadata.name: each new pod gets its own name there. */
  podNameEnv?: string[];
  /** The echo app's service port (containerPort named http, or the first). */
  containerPort: number;
  /** The echo app's admin (forwarder) port, from containerPort named admin, if declared. */
  adminPort?: number;
  /** Sidecar injected: namespace injection unless the pod annotation sidecar.istio.io/inject says otherwise. */
  injected: boolean;
  replicas: number;
  /**
   * Deployment annotation meshcheck.io/disruption-budget: the share of requests (0..1) that may
   * fail while this workload restarts under steady load. Absent: no disruption check.
   */
  disruptionBudget?: number;
  /** readinessProbe (httpGet): absent, a started pod is Ready at once, as in Kubernetes. */
  readiness?: ReadinessProbe;
  /** lifecycle.preStop: what runs before the container gets SIGTERM (absent: SIGTERM at once). */
  preStop?: PreStop;
  /** terminationGracePeriodSeconds in ms (Kubernetes' default 30 s): preStop + SIGTERM, then SIGKILL. */
  terminationGraceMs: number;
  source: Source;
}

/** A readinessProbe's httpGet against the app's service port, with its timing in ms. */
export interface ReadinessProbe {
  path: string;
  port: number;
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  /** Consecutive successes before the pod counts as Ready. */
  successThreshold: number;
}

/** The one preStop the local mesh runs: a sleep (`sleep:` action, or `exec` of `sleep N`). */
export interface PreStop {
  sleepMs: number;
  /** As written, for messages: `sleep: 5s` or `exec: sleep 5`. */
  as: string;
}

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_MS = 30_000;

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number;
  nodePort?: number;
}

export interface Service {
  name: string;
  namespace: string;
  selector: Labels;
  ports: ServicePort[];
  type: "ClusterIP" | "NodePort";
  source: Source;
}

/** The gateway pods the helm chart creates (from kind/helm values), which Gateways select. */
export interface IngressGateway {
  namespace: string;
  serviceAccount: string;
  labels: Labels;
  /** The chart's Service ports as the values file declares them (the kind driver reads nodePorts). */
  ports?: ServicePort[];
  /** The helm values file it came from. */
  source?: Source;
}

export interface GatewayServer {
  port: { number: number; name: string; protocol: "HTTP" };
  hosts: string[];
}

export interface Gateway {
  name: string;
  namespace: string;
  selector: Labels;
  servers: GatewayServer[];
  source: Source;
}

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HttpMatch {
  headers?: Record<string, StringMatch>;
  uri?: StringMatch;
  method?: StringMatch;
}

export interface RouteDestination {
  destination: { host: string; port?: { number: number }; subset?: string };
  /** Percent; absent means the only destination (100). */
  weight?: number;
}

export interface HttpRoute {
  name?: string;
  /** Any match wins (OR); absent or empty matches everything. */
  match?: HttpMatch[];
  route: RouteDestination[];
  /** HTTPRoute.timeout in ms: the whole upstream exchange, retries included; absent = none (Istio's default). */
  timeoutMs?: number;
  retries?: HttpRetry;
  fault?: HttpFault;
}

/** HTTPRoute.retries (HTTPRetry). */
export interface HttpRetry {
  /** Retries after the first try (Istio's `attempts`); 0 disables retries. */
  attempts: number;
  /** Bound on each try; absent: only the route timeout bounds them. */
  perTryTimeoutMs?: number;
  /** Envoy retry conditions (`5xx`, `gateway-error`, `connect-failure`, …) and bare status codes. */
  retryOn: string[];
}

/** HTTPRoute.fault (HTTPFaultInjection): each part drawn per request, the delay before the abort. */
export interface HttpFault {
  delay?: { percent: number; fixedDelayMs: number };
  abort?: { percent: number; httpStatus: number };
}

export interface VirtualService {
  name: string;
  namespace: string;
  hosts: string[];
  /**
   * Gateways this applies to, normalised to `namespace/name` (`mesh`, the sidecars, stays as is).
   * Empty (absent in the YAML) means the mesh gateway only.
   */
  gateways: string[];
  http: HttpRoute[];
  source: Source;
}

/**
 * A Gateway API Gateway (gateway.networking.k8s.io/v1). Only class `istio` gateways are served:
 * Istio deploys a gateway for each one (the local mesh serves their routes at its gateway).
 */
export interface KubeGateway {
  name: string;
  namespace: string;
  gatewayClassName: string;
  listeners: GatewayListener[];
  source: Source;
}

export interface GatewayListener {
  name: string;
  port: number;
  protocol: "HTTP";
  /** Absent: every host. */
  hostname?: string;
  /** allowedRoutes.namespaces.from: which namespaces' routes may attach (Gateway API default Same). */
  allowedRoutesFrom: "Same" | "All";
}

/** A parentRef of an HTTPRoute: a Gateway (north-south) or a Service (GAMMA, east-west through sidecars). */
export interface RouteParentRef {
  kind: "Gateway" | "Service";
  name: string;
  /** Defaulted to the route's namespace. */
  namespace: string;
  /** A Gateway listener's name; absent: every listener. */
  sectionName?: string;
  /** A Service port (GAMMA) or listener port; absent: every port. */
  port?: number;
}

export interface HttpRouteMatchSpec {
  /** Absent in the YAML: PathPrefix "/". */
  path: { type: "Exact" | "PathPrefix" | "RegularExpression"; value: string };
  /** Names lower-cased: Gateway API header names match case-insensitively. */
  headers: { name: string; type: "Exact" | "RegularExpression"; value: string }[];
  method?: string;
}

export interface HttpBackendRef {
  /** A Service. */
  name: string;
  namespace: string;
  port: number;
  /** A proportion, not a percent: the backend's share is weight / sum (default 1; 0 gets none). */
  weight: number;
}

export interface HttpRouteRule {
  name?: string;
  /** Never empty: a rule without matches matches PathPrefix "/". */
  matches: HttpRouteMatchSpec[];
  backendRefs: HttpBackendRef[];
  /** timeouts.request in ms; absent or 0s: none. */
  timeoutMs?: number;
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1). */
export interface GatewayHttpRoute {
  name: string;
  namespace: string;
  parentRefs: RouteParentRef[];
  /** Absent in the YAML: empty (the listener's hostname, or every host). */
  hostnames: string[];
  rules: HttpRouteRule[];
  /** metadata.creationTimestamp in ms when written: the oldest route wins precedence ties. */
  createdMs?: number;
  source: Source;
}

export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";

export interface PeerAuthentication {
  name: string;
  namespace: string;
  /** Absent: namespace-wide. */
  selector?: Labels;
  mode: MtlsMode;
  source: Source;
}

export interface AuthzSource {
  principals?: string[];
  notPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
}

export interface AuthzOperation {
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

export interface AuthzRule {
  from?: { source: AuthzSource }[];
  to?: { operation: AuthzOperation }[];
}

export interface AuthorizationPolicy {
  name: string;
  namespace: string;
  selector?: Labels;
  action: "ALLOW" | "DENY";
  rules: AuthzRule[];
  source: Source;
}

/**
 * DestinationRule trafficPolicy.connectionPool (Envoy's cluster circuit breakers). Absent
 * limits are unlimited (Istio's defaults are 2^32-1).
 */
export interface ConnectionPool {
  /** tcp.maxConnections: HTTP/1 requests in flight at once (one per connection). */
  maxConnections?: number;
  /** http.http1MaxPendingRequests: requests queued waiting for a connection. */
  http1MaxPendingRequests?: number;
  /** http.http2MaxRequests: requests in flight at once, any protocol (Envoy max_requests). */
  http2MaxRequests?: number;
}

/** DestinationRule trafficPolicy.outlierDetection, with Istio's defaults filled in. */
export interface OutlierDetection {
  consecutive5xxErrors: number;
  intervalMs: number;
  baseEjectionTimeMs: number;
  maxEjectionPercent: number;
}

export interface DestinationRule {
  name: string;
  namespace: string;
  /** The Service it applies to, as written (short names are relative to the rule's namespace). */
  host: string;
  connectionPool?: ConnectionPool;
  outlierDetection?: OutlierDetection;
  source: Source;
}

export interface MeshModel {
  /** Trust domain of SPIFFE IDs (cluster.local). */
  trustDomain: string;
  namespaces: Namespace[];
  workloads: Workload[];
  services: Service[];
  ingressGateway: IngressGateway;
  gateways: Gateway[];
  virtualServices: VirtualService[];
  /** Gateway API Gateways (a different kind from Istio's Gateway, above). */
  kubeGateways: KubeGateway[];
  httpRoutes: GatewayHttpRoute[];
  peerAuthentications: PeerAuthentication[];
  authorizationPolicies: AuthorizationPolicy[];
  destinationRules: DestinationRule[];
}

/** A manifest the local mesh cannot honour. `meshcheck` prints `message` as one line. */
export class ManifestError extends Error {
  constructor(
    readonly source: Source,
    readonly resource: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${source.file}:${source.line}: ${resource}: ${field}: ${detail}`);
    this.name = "ManifestError";
  }
}
