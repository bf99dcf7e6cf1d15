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
      /** The workload's forwarder endpoint, e.g. http://127.0.0.1:PORT/forward. */
      url: string;
      /** The SPIFFE ID the mesh gives this workload. */
      identity?: string;
    };

/** Header match as in VirtualService HTTPMatchRequest.headers. Exactly one key set. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface RouteRule {
  match?: { headers?: Record<string, StringMatch> };
  /** Destination name as `identify` reports it (e.g. "dev"). */
  destination: string;
}

export interface RoutingTarget {
  name: string;
  /** Where to send (the gateway address). */
  url: string;
  /** Host header to send. */
  host?: string;
  /** Vantage to send from (default: a direct vantage). */
  vantage?: string;
  /** In order; first match wins (VirtualService semantics). */
  rules: RouteRule[];
}

export interface CanaryTarget {
  name: string;
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
}
