// The target profile: everything the harness needs to reach one mesh. This is the seam
// between the harness and any mesh (local, kind, or hand-written for a mesh elsewhere).
// Documented in README "Target profile"; validated by ./schema.ts.

export const PROFILE_API_VERSION = "meshcheck/v1";
export const PROFILE_KIND = "TargetProfile";

/** How a response names the destination that answered it. */
export interface IdentifyRule {
  /** Response header carrying the destination's name (checked first). */
  header?: string;
  /** Top-level JSON field of the response body carrying it (fallback). */
  jsonField?: string;
}

export type Vantage =
  | { kind: "direct" }
  | { kind: "tls"; cert: string; key: string; ca: string; servername?: string }
  | {
      kind: "forwarder";
      /** The workload's forwarder endpoint on a loopback address, e.g. http://127.0.0.1:PORT/forward. */
      url: string;
      /**
       * The secret the forwarder asks for in the x-meshcheck-token header (the echo's
       * ADMIN_TOKEN): generated per start by the local mesh, read from the pod's Secret on kind.
       */
      token: string;
      /** The SPIFFE ID the mesh gives this workload. */
      identity?: string;
    };

/** Header match as in VirtualService HTTPMatchRequest.headers. Exactly one key set. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/**
 * The API a route-derived entry (routing, canary, timeouts, retries, faultInjection) came from:
 * an Istio VirtualService or a Gateway API HTTPRoute. Informational: the checks are the same;
 * the report names it. Absent in a hand-written profile: not said.
 */
export type RouteApi = "VirtualService" | "HTTPRoute";

export interface RouteRule {
  match?: { headers?: Record<string, StringMatch> };
  /** Destination name as `identify` reports it (e.g. "dev"). */
  destination: string;
}

export interface RoutingTarget {
  name: string;
  /** Which API the manifests stated it in. */
  api?: RouteApi;
  /** Where to send (the gateway address). */
  url: string;
  /** Host header to send. */
  host?: string;
  /** Vantage to send from (default: a direct vantage). */
  vantage?: string;
  /**
   * In order; first match wins. From an HTTPRoute, already in the Gateway API's precedence
   * order, so first-match gives the same answer.
   */
  rules: RouteRule[];
}

export interface CanaryTarget {
  name: string;
  /** Which API the manifests stated it in. */
  api?: RouteApi;
  url: string;
  host?: string;
  vantage?: string;
  /** Destination name → percent weight; sums to 100. */
  weights: Record<string, number>;
}

export interface MtlsTarget {
  name: string;
  /** Plaintext request from outside the mesh; must be refused at the connection (no HTTP answer). */
  plaintext: { url: string; vantage?: string };
  /** Positive control: an in-mesh call that must succeed and show the caller's identity. */
  control: { vantage: string; url: string };
}

export interface AuthzRequestSet {
  vantage: string;
  methods: string[];
  /** Request path (default "/"). */
  path?: string;
}

export interface AuthzTarget {
  name: string;
  /** Where the policy applies, as the vantages address it. */
  url: string;
  allow: AuthzRequestSet[];
  deny: AuthzRequestSet[];
}

/** A VirtualService route timeout: slower answers must become 504 `upstream request timeout` at the timeout. */
export interface TimeoutTarget {
  name: string;
  /** Which API the manifests stated it in. */
  api?: RouteApi;
  url: string;
  host?: string;
  vantage?: string;
  /** The route's timeout. */
  timeoutMs: number;
  /** A request the upstream answers well after the timeout (e.g. /delay/2000). */
  path: string;
  /** Positive control: a request the upstream answers well within the timeout. */
  controlPath: string;
}

/** VirtualService retries: with the upstream failing a fraction failRatio, success ≥ 1 − failRatio^(attempts+1). */
export interface RetriesTarget {
  name: string;
  /** Which API the manifests stated it in. */
  api?: RouteApi;
  url: string;
  host?: string;
  vantage?: string;
  /** Retries after the first try. */
  attempts: number;
  /** The route's retryOn, as written (for the report). */
  retryOn: string;
  /** A request the upstream fails independently with probability failRatio, with a status retryOn covers. */
  path: string;
  failRatio: number;
}

/** VirtualService fault injection: shares of aborted and delayed requests equal the percentages. */
export interface FaultInjectionTarget {
  name: string;
  /** Which API the manifests stated it in. */
  api?: RouteApi;
  url: string;
  host?: string;
  vantage?: string;
  abort?: { percent: number; httpStatus: number };
  delay?: { percent: number; fixedDelayMs: number };
}

/** DestinationRule connectionPool: a burst beyond the limits overflows with Envoy's 503 (x-envoy-overloaded: true). */
export interface CircuitBreakingTarget {
  name: string;
  url: string;
  host?: string;
  vantage?: string;
  /** Requests upstream at once: tcp.maxConnections or http2MaxRequests, whichever is lower. */
  maxActive: number;
  /** Requests queued beyond those: http1MaxPendingRequests. */
  maxPending: number;
  /** A request the upstream answers slowly enough that a burst overlaps (e.g. /delay/300). */
  slowPath: string;
}

/** DestinationRule outlierDetection: a failing endpoint is ejected, and the requests after it succeed. */
export interface OutlierDetectionTarget {
  name: string;
  url: string;
  host?: string;
  vantage?: string;
  consecutiveErrors: number;
  intervalMs: number;
  baseEjectionTimeMs: number;
  maxEjectionPercent: number;
  /** A request the failing endpoints answer with a 5xx (e.g. /?failStatus=500). */
  path: string;
  /** Every endpoint behind the host, as `identify` names it, with the share of `path` it fails. */
  endpoints: { destination: string; failRatio: number }[];
}

/**
 * How the disruption check restarts the workload: the local mesh's control listener, or on a
 * cluster a rollout restart of the Deployment through the Kubernetes API (kubeconfig as kubectl
 * reads it; `context` pins one, else its current context).
 */
export type RestartAction =
  | {
      kind: "local";
      /** The control listener's restart URL, on a loopback address. */
      url: string;
      /** The control listener's secret (x-meshcheck-token), generated per start by the local mesh. */
      token: string;
    }
  | { kind: "kubernetes"; namespace: string; deployment: string; context?: string };

/** A workload restarted during constant-rate traffic: failed requests stay within the budget. */
export interface DisruptionTarget {
  name: string;
  url: string;
  host?: string;
  vantage?: string;
  /** The destination that answers while nothing is wrong (as `identify` names it). */
  destination: string;
  ratePerSec: number;
  /** Traffic before the restart starts … */
  warmupMs: number;
  /** … and after it finishes. */
  settleMs: number;
  /** Share of requests (0..1) that may fail (no answer, or a 5xx). */
  budget: number;
  restart: RestartAction;
}

export interface TargetProfile {
  apiVersion: typeof PROFILE_API_VERSION;
  kind: typeof PROFILE_KIND;
  name: string;
  identify: IdentifyRule;
  vantages: Record<string, Vantage>;
  routing?: RoutingTarget[];
  canary?: CanaryTarget[];
  mtls?: MtlsTarget[];
  authz?: AuthzTarget[];
  timeouts?: TimeoutTarget[];
  retries?: RetriesTarget[];
  faultInjection?: FaultInjectionTarget[];
  circuitBreaking?: CircuitBreakingTarget[];
  outlierDetection?: OutlierDetectionTarget[];
  disruption?: DisruptionTarget[];
}
