// JSON Schema of the target profile. Kept in step with ./types.ts (a test validates a fully
// populated TargetProfile sample). `additionalProperties: false` everywhere: a misspelt field
// is an error, not a silently ignored setting.

import { ADMIN_TOKEN_PATTERN } from "../echo/admin-token.ts";
import { PROFILE_API_VERSION, PROFILE_KIND } from "./types.ts";

/** An absolute http(s) URL; `new URL()` is checked semantically too. */
export const HTTP_URL_PATTERN = "^https?://[^\\s/?#]+";
/** An HTTP method token as sent on the wire. */
export const METHOD_PATTERN = "^[A-Z]+$";

const nonEmpty = { type: "string", minLength: 1 } as const;
const httpUrl = { type: "string", pattern: HTTP_URL_PATTERN } as const;
/** An admin endpoint's secret (x-meshcheck-token), as the echo app accepts it. */
const adminToken = { type: "string", pattern: ADMIN_TOKEN_PATTERN } as const;

const stringMatch = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { exact: { type: "string" }, prefix: { type: "string" }, regex: { type: "string" } },
} as const;

const vantage = {
  type: "object",
  required: ["kind"],
  properties: { kind: { type: "string" } },
  discriminator: { propertyName: "kind" },
  oneOf: [
    {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: { kind: { const: "direct" } },
    },
    {
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
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "url", "token"],
      properties: {
        kind: { const: "forwarder" },
        url: httpUrl,
        token: adminToken,
        identity: { type: "string", pattern: "^spiffe://" },
      },
    },
  ],
} as const;

const routeRule = {
  type: "object",
  additionalProperties: false,
  required: ["destination"],
  properties: {
    match: {
      type: "object",
      additionalProperties: false,
      properties: {
        headers: { type: "object", additionalProperties: stringMatch },
      },
    },
    destination: nonEmpty,
  },
} as const;

const authzRequestSet = {
  type: "object",
  additionalProperties: false,
  required: ["vantage", "methods"],
  properties: {
    vantage: nonEmpty,
    methods: { type: "array", minItems: 1, items: { type: "string", pattern: METHOD_PATTERN } },
    path: { type: "string", pattern: "^/" },
  },
} as const;

// Every number has a range (documented in ./README.md, held to it by a test): what a real
// mesh's configuration needs, and no more, so that no profile can make a check run for hours,
// overflow a timer or hold millions of requests in memory.
const percent = { type: "number", minimum: 0, maximum: 100 } as const;
const ratio = { type: "number", minimum: 0, maximum: 1 } as const;
/** A duration in ms, above 0 and at most `max`. */
const durationMs = (max: number) => ({ type: "number", exclusiveMinimum: 0, maximum: max }) as const;
const requestPath = { type: "string", pattern: "^/" } as const;
/** Which API a route-derived entry came from (RouteApi). */
const routeApi = { enum: ["VirtualService", "HTTPRoute"] } as const;
/** Fields every resilience target has: where to send, with which Host, from which vantage. */
const gatewayTarget = { name: nonEmpty, url: httpUrl, host: nonEmpty, vantage: nonEmpty } as const;

export const targetProfileSchema = {
  $id: "https://meshcheck.dev/schemas/target-profile-v1.json",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "name", "identify", "vantages"],
  properties: {
    apiVersion: { const: PROFILE_API_VERSION },
    kind: { const: PROFILE_KIND },
    name: nonEmpty,
    identify: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: { header: nonEmpty, jsonField: nonEmpty },
    },
    vantages: { type: "object", additionalProperties: vantage },
    routing: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "rules"],
        properties: {
          name: nonEmpty,
          url: httpUrl,
          host: nonEmpty,
          vantage: nonEmpty,
          api: routeApi,
          rules: { type: "array", minItems: 1, items: routeRule },
        },
      },
    },
    canary: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "weights"],
        properties: {
          name: nonEmpty,
          url: httpUrl,
          host: nonEmpty,
          vantage: nonEmpty,
          api: routeApi,
          weights: {
            type: "object",
            minProperties: 1,
            additionalProperties: percent,
          },
        },
      },
    },
    mtls: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "plaintext", "control"],
        properties: {
          name: nonEmpty,
          plaintext: {
            type: "object",
            additionalProperties: false,
            required: ["url"],
            properties: { url: httpUrl, vantage: nonEmpty },
          },
          control: {
            type: "object",
            additionalProperties: false,
            required: ["vantage", "url"],
            properties: { vantage: nonEmpty, url: httpUrl },
          },
        },
      },
    },
    authz: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "allow", "deny"],
        properties: {
          name: nonEmpty,
          url: httpUrl,
          allow: { type: "array", items: authzRequestSet },
          deny: { type: "array", items: authzRequestSet },
        },
      },
    },
    timeouts: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "timeoutMs", "path", "controlPath"],
        properties: { ...gatewayTarget, api: routeApi, timeoutMs: durationMs(30_000), path: requestPath, controlPath: requestPath },
      },
    },
    retries: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "attempts", "retryOn", "path", "failRatio"],
        properties: {
          ...gatewayTarget,
          api: routeApi,
          attempts: { type: "integer", minimum: 0, maximum: 10 },
          retryOn: { type: "string" },
          path: requestPath,
          failRatio: ratio,
        },
      },
    },
    faultInjection: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url"],
        properties: {
          ...gatewayTarget,
          api: routeApi,
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
      },
    },
    circuitBreaking: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "maxActive", "maxPending", "slowPath"],
        properties: { ...gatewayTarget, maxActive: { type: "integer", minimum: 1, maximum: 1_000 }, maxPending: { type: "integer", minimum: 0, maximum: 1_000 }, slowPath: requestPath },
      },
    },
    outlierDetection: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "consecutiveErrors", "intervalMs", "baseEjectionTimeMs", "maxEjectionPercent", "path", "endpoints"],
        properties: {
          ...gatewayTarget,
          consecutiveErrors: { type: "integer", minimum: 1, maximum: 50 },
          intervalMs: durationMs(300_000),
          baseEjectionTimeMs: durationMs(300_000),
          maxEjectionPercent: percent,
          path: requestPath,
          endpoints: {
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
      },
    },
    disruption: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url", "destination", "ratePerSec", "warmupMs", "settleMs", "budget", "restart"],
        properties: {
          ...gatewayTarget,
          destination: nonEmpty,
          ratePerSec: { type: "number", exclusiveMinimum: 0, maximum: 200 },
          warmupMs: { type: "number", minimum: 0, maximum: 60_000 },
          settleMs: durationMs(120_000),
          budget: ratio,
          restart: {
            type: "object",
            required: ["kind"],
            properties: { kind: { type: "string" } },
            discriminator: { propertyName: "kind" },
            oneOf: [
              { type: "object", additionalProperties: false, required: ["kind", "url", "token"], properties: { kind: { const: "local" }, url: httpUrl, token: adminToken } },
              {
                type: "object",
                additionalProperties: false,
                required: ["kind", "namespace", "deployment"],
                properties: { kind: { const: "kubernetes" }, namespace: nonEmpty, deployment: nonEmpty, context: nonEmpty },
              },
            ],
          },
        },
      },
    },
  },
} as const;
