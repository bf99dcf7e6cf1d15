// The target profile's one source: everything the harness needs to reach one mesh, as plain
// JSON Schema objects (`as const`, no runtime imports but the admin-token rule). From these:
// the TS types (./types.ts, FromSchema), the harness's ajv validation, and the k6 side's
// validation (./schema-walk.ts walks these same objects). Documented in README "Target profile"
// and harness/profile/README.md (ranges). `additionalProperties: false` everywhere: a misspelt
// field is an error, not a silently ignored setting. Doc comments live in `description`.

import { ADMIN_TOKEN_PATTERN } from "../echo/admin-token.ts";

export const PROFILE_API_VERSION = "meshcheck/v1";
export const PROFILE_KIND = "TargetProfile";

/** An absolute http(s) URL; the harness also parses it (WHATWG URL), k6 cannot. */
export const HTTP_URL_PATTERN = "^https?://[^\\s/?#]+";
/** An HTTP method token as sent on the wire. */
export const METHOD_PATTERN = "^[A-Z]+$";
export const SPIFFE_PATTERN = "^spiffe://";
export const REQUEST_PATH_PATTERN = "^/";

const nonEmpty = { type: "string", minLength: 1 } as const;
const httpUrl = { type: "string", pattern: HTTP_URL_PATTERN } as const;
/** An admin endpoint's secret (x-meshcheck-token), as the echo app accepts it. */
const adminToken = { type: "string", pattern: ADMIN_TOKEN_PATTERN } as const;
const requestPath = { type: "string", pattern: REQUEST_PATH_PATTERN } as const;

export const identifyRuleSchema = {
  description: "How a response names the destination that answered it.",
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    header: { ...nonEmpty, description: "Response header carrying the destination's name (checked first)." },
    jsonField: { ...nonEmpty, description: "Top-level JSON field of the response body carrying it (fallback)." },
  },
} as const;

export const directVantageSchema = {
  description: "Send from the harness's own process, as a client outside the mesh.",
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: { kind: { const: "direct" } },
} as const;

export const tlsVantageSchema = {
  description: "Send from the harness with a client certificate (paths relative to the profile file).",
  type: "object",
  additionalProperties: false,
  required: ["kind", "cert", "key", "ca"],
  properties: {
    kind: { const: "tls" },
    cert: nonEmpty,
    key: nonEmpty,
    ca: nonEmpty,
    servername: nonEmpty,
  },
} as const;

export const forwarderVantageSchema = {
  description: "Send through a workload's forwarder, so the request leaves from inside the mesh.",
  type: "object",
  additionalProperties: false,
  required: ["kind", "url", "token"],
  properties: {
    kind: { const: "forwarder" },
    url: { ...httpUrl, description: "The workload's forwarder endpoint on a loopback address, e.g. http://127.0.0.1:PORT/forward." },
    token: {
      ...adminToken,
      description: "The secret the forwarder asks for in the x-meshcheck-token header (the echo's ADMIN_TOKEN): generated per start by the local mesh, read from the pod's Secret on kind.",
    },
    identity: { type: "string", pattern: SPIFFE_PATTERN, description: "The SPIFFE ID the mesh gives this workload." },
  },
} as const;

export const vantageSchema = {
  description: "Where a request is sent from.",
  type: "object",
  required: ["kind"],
  properties: { kind: { type: "string" } },
  discriminator: { propertyName: "kind" },
  oneOf: [directVantageSchema, tlsVantageSchema, forwarderVantageSchema],
} as const;

export const stringMatchSchema = {
  description: "Header match as in VirtualService HTTPMatchRequest.headers. Exactly one key set.",
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { exact: { type: "string" }, prefix: { type: "string" }, regex: { type: "string" } },
} as const;

export const routeRuleSchema = {
  type: "object",
  additionalProperties: false,
  required: ["destination"],
  properties: {
    match: {
      type: "object",
      additionalProperties: false,
      properties: {
        headers: { type: "object", additionalProperties: stringMatchSchema },
      },
    },
    destination: { ...nonEmpty, description: 'Destination name as `identify` reports it (e.g. "dev").' },
  },
} as const;

/** The APIs a route-derived entry may name. */
export const ROUTE_APIS = ["VirtualService", "HTTPRoute"] as const;

// A pattern, not enum or oneOf: the k6-side validator (schema-walk.ts) implements neither for strings.
export const routeApiSchema = {
  type: "string",
  pattern: `^(${ROUTE_APIS.join("|")})$`,
  description: "The API the entry's route was stated in: an Istio VirtualService or a Gateway API HTTPRoute. Informational (the checks are the same); the report shows it. Absent: not said.",
} as const;

/** Fields every gateway target has: where to send, with which Host, from which vantage. */
const gatewayTarget = {
  name: nonEmpty,
  url: { ...httpUrl, description: "Where to send (the gateway address)." },
  host: { ...nonEmpty, description: "Host header to send." },
  vantage: { ...nonEmpty, description: "Vantage to send from (default: a direct vantage)." },
} as const;

export const routingTargetSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "rules"],
  properties: {
    ...gatewayTarget,
    api: routeApiSchema,
    rules: { type: "array", minItems: 1, items: routeRuleSchema, description: "In order; first match wins (VirtualService semantics; an HTTPRoute's rules come already in the Gateway API's precedence order)." },
  },
} as const;

// Every number has a range (documented in harness/profile/README.md, held to it by a test):
// what a real mesh's configuration needs, and no more, so that no profile can make a check run
// for hours, overflow a timer or hold millions of requests in memory.
const percent = { type: "number", minimum: 0, maximum: 100 } as const;
const ratio = { type: "number", minimum: 0, maximum: 1 } as const;
/** A duration in ms, above 0 and at most `max`. */
const durationMs = <M extends number>(max: M) => ({ type: "number", exclusiveMinimum: 0, maximum: max }) as const;

export const canaryTargetSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "weights"],
  properties: {
    ...gatewayTarget,
    api: routeApiSchema,
    weights: { type: "object", minProperties: 1, additionalProperties: percent, description: "Destination name → percent weight; sums to 100." },
  },
} as const;

export const mtlsTargetSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "plaintext", "control"],
  properties: {
    name: nonEmpty,
    plaintext: {
      description: "Plaintext request from outside the mesh; must be refused at the connection (no HTTP answer).",
      type: "object",
      additionalProperties: false,
      required: ["url"],
      properties: { url: httpUrl, vantage: nonEmpty },
    },
    control: {
      description: "Positive control: an in-mesh call that must succeed and show the caller's identity.",
      type: "object",
      additionalProperties: false,
      required: ["vantage", "url"],
      properties: { vantage: nonEmpty, url: httpUrl },
    },
  },
} as const;

export const authzRequestSetSchema = {
  type: "object",
  additionalProperties: false,
  required: ["vantage", "methods"],
  properties: {
    vantage: nonEmpty,
    methods: { type: "array", minItems: 1, items: { type: "string", pattern: METHOD_PATTERN } },
    path: { ...requestPath, description: 'Request path (default "/").' },
  },
} as const;

export const authzTargetSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "allow", "deny"],
  properties: {
    name: nonEmpty,
    url: { ...httpUrl, description: "Where the policy applies, as the vantages address it." },
    allow: { type: "array", items: authzRequestSetSchema },
    deny: { type: "array", items: authzRequestSetSchema },
  },
} as const;

export const timeoutTargetSchema = {
  description: "A VirtualService route timeout: slower answers must become 504 `upstream request timeout` at the timeout.",
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "timeoutMs", "path", "controlPath"],
  properties: {
    ...gatewayTarget,
    api: routeApiSchema,
    timeoutMs: { ...durationMs(30_000), description: "The route's timeout." },
    path: { ...requestPath, description: "A request the upstream answers well after the timeout (e.g. /delay/2000)." },
    controlPath: { ...requestPath, description: "Positive control: a request the upstream answers well within the timeout." },
  },
} as const;

export const retriesTargetSchema = {
  description: "VirtualService retries: with the upstream failing a fraction failRatio, success ≥ 1 − failRatio^(attempts+1).",
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "attempts", "retryOn", "path", "failRatio"],
  properties: {
    ...gatewayTarget,
    api: routeApiSchema,
    attempts: { type: "integer", minimum: 0, maximum: 10, description: "Retries after the first try." },
    retryOn: { type: "string", description: "The route's retryOn, as written (for the report)." },
    path: { ...requestPath, description: "A request the upstream fails independently with probability failRatio, with a status retryOn covers." },
    failRatio: ratio,
  },
} as const;

export const faultInjectionTargetSchema = {
  description: "VirtualService fault injection: shares of aborted and delayed requests equal the percentages.",
  type: "object",
  additionalProperties: false,
  required: ["name", "url"],
  properties: {
    ...gatewayTarget,
    api: routeApiSchema,
    abort: {
      type: "object",
      additionalProperties: false,
      required: ["percent", "httpStatus"],
      properties: { percent, httpStatus: { type: "integer", minimum: 200, maximum: 599 } },
    },
    delay: {
      type: "object",
      additionalProperties: false,
      required: ["percent", "fixedDelayMs"],
      properties: { percent, fixedDelayMs: durationMs(4_000) },
    },
  },
} as const;

export const circuitBreakingTargetSchema = {
  description: "DestinationRule connectionPool: a burst beyond the limits overflows with Envoy's 503 (x-envoy-overloaded: true).",
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "maxActive", "maxPending", "slowPath"],
  properties: {
    ...gatewayTarget,
    maxActive: { type: "integer", minimum: 1, maximum: 1_000, description: "Requests upstream at once: tcp.maxConnections or http2MaxRequests, whichever is lower." },
    maxPending: { type: "integer", minimum: 0, maximum: 1_000, description: "Requests queued beyond those: http1MaxPendingRequests." },
    slowPath: { ...requestPath, description: "A request the upstream answers slowly enough that a burst overlaps (e.g. /delay/300)." },
  },
} as const;

export const outlierDetectionTargetSchema = {
  description: "DestinationRule outlierDetection: a failing endpoint is ejected, and the requests after it succeed.",
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "consecutiveErrors", "intervalMs", "baseEjectionTimeMs", "maxEjectionPercent", "path", "endpoints"],
  properties: {
    ...gatewayTarget,
    consecutiveErrors: { type: "integer", minimum: 1, maximum: 50 },
    intervalMs: durationMs(300_000),
    baseEjectionTimeMs: durationMs(300_000),
    maxEjectionPercent: percent,
    path: { ...requestPath, description: "A request the failing endpoints answer with a 5xx (e.g. /?failStatus=500)." },
    endpoints: {
      description: "Every endpoint behind the host, as `identify` names it, with the share of `path` it fails.",
      type: "array",
      minItems: 2,
      maxItems: 10,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["destination", "failRatio"],
        properties: { destination: nonEmpty, failRatio: ratio },
      },
    },
  },
} as const;

export const localRestartSchema = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "url", "token"],
  properties: {
    kind: { const: "local" },
    url: { ...httpUrl, description: "The control listener's restart URL, on a loopback address." },
    token: { ...adminToken, description: "The control listener's secret (x-meshcheck-token), generated per start by the local mesh." },
  },
} as const;

export const kubernetesRestartSchema = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "namespace", "deployment"],
  properties: { kind: { const: "kubernetes" }, namespace: nonEmpty, deployment: nonEmpty, context: nonEmpty },
} as const;

export const restartActionSchema = {
  description:
    "How the disruption check restarts the workload: the local mesh's control listener, or on a cluster a rollout restart of the Deployment through the Kubernetes API (kubeconfig as kubectl reads it; `context` pins one, else its current context).",
  type: "object",
  required: ["kind"],
  properties: { kind: { type: "string" } },
  discriminator: { propertyName: "kind" },
  oneOf: [localRestartSchema, kubernetesRestartSchema],
} as const;

export const disruptionTargetSchema = {
  description: "A workload restarted during constant-rate traffic: failed requests stay within the budget.",
  type: "object",
  additionalProperties: false,
  required: ["name", "url", "destination", "ratePerSec", "warmupMs", "settleMs", "budget", "restart"],
  properties: {
    ...gatewayTarget,
    destination: { ...nonEmpty, description: "The destination that answers while nothing is wrong (as `identify` names it)." },
    ratePerSec: { type: "number", exclusiveMinimum: 0, maximum: 200 },
    warmupMs: { type: "number", minimum: 0, maximum: 60_000, description: "Traffic before the restart starts …" },
    settleMs: { ...durationMs(120_000), description: "… and after it finishes." },
    budget: { ...ratio, description: "Share of requests (0..1) that may fail (no answer, or a 5xx)." },
    restart: restartActionSchema,
  },
} as const;

export const targetProfileSchema = {
  $id: "https://meshcheck.dev/schemas/target-profile-v1.json",
  description: "The target profile: everything the harness needs to reach one mesh (local, kind, or hand-written for a mesh elsewhere).",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "name", "identify", "vantages"],
  properties: {
    apiVersion: { const: PROFILE_API_VERSION },
    kind: { const: PROFILE_KIND },
    name: nonEmpty,
    identify: identifyRuleSchema,
    vantages: { type: "object", additionalProperties: vantageSchema },
    routing: { type: "array", items: routingTargetSchema },
    canary: { type: "array", items: canaryTargetSchema },
    mtls: { type: "array", items: mtlsTargetSchema },
    authz: { type: "array", items: authzTargetSchema },
    timeouts: { type: "array", items: timeoutTargetSchema },
    retries: { type: "array", items: retriesTargetSchema },
    faultInjection: { type: "array", items: faultInjectionTargetSchema },
    circuitBreaking: { type: "array", items: circuitBreakingTargetSchema },
    outlierDetection: { type: "array", items: outlierDetectionTargetSchema },
    disruption: { type: "array", items: disruptionTargetSchema },
  },
} as const;

/** The check sections a profile may hold (each an array of targets). */
export const PROFILE_SECTIONS = ["routing", "canary", "mtls", "authz", "timeouts", "retries", "faultInjection", "circuitBreaking", "outlierDetection", "disruption"] as const;
