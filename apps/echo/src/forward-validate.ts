// Validates the body of `POST /forward` into a ForwardPlan, or a one-line reason for a 400.
// The schema rejects unknown fields so a typo (`timeout` for `timeoutMs`) is an error, not a default.
import { Ajv, type ErrorObject } from "ajv";
import { FORWARD_LIMITS, type ForwardRequest } from "../../../spec/echo/protocol.js";

/** A ForwardRequest with defaults applied and the URL parsed. */
export interface ForwardPlan {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  count: number;
  concurrency: number;
  timeoutMs: number;
  newConnectionPerRequest: boolean;
}

export type Validated = { ok: true; plan: ForwardPlan } | { ok: false; error: string };

/** RFC 9110 token: what a method or header name may be made of. */
const TOKEN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

// undici owns these (framing, connection reuse), or refuses them; say so up front rather than
// failing every request with the same error.
const RESERVED_HEADERS = new Set(["connection", "content-length", "expect", "keep-alive", "transfer-encoding", "upgrade"]);

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["url", "count", "timeoutMs"],
  properties: {
    url: { type: "string", minLength: 1, maxLength: 8192 },
    method: { type: "string", pattern: TOKEN, maxLength: 32 },
    headers: {
      type: "object",
      propertyNames: { pattern: TOKEN, maxLength: 256 },
      // No CR, LF or NUL: a header value must not be able to smuggle another header.
      additionalProperties: { type: "string", pattern: "^[^\\r\\n\\u0000]*$", maxLength: 16384 },
    },
    body: { type: "string" },
    count: { type: "integer", minimum: 1, maximum: FORWARD_LIMITS.maxCount },
    concurrency: { type: "integer", minimum: 1, maximum: FORWARD_LIMITS.maxConcurrency },
    timeoutMs: { type: "integer", minimum: 1, maximum: FORWARD_LIMITS.maxTimeoutMs },
    newConnectionPerRequest: { type: "boolean" },
  },
} as const;

const ajv = new Ajv({ allErrors: false });
const check = ajv.compile<ForwardRequest>(schema);

function fieldName(instancePath: string): string {
  return instancePath.replace(/^\//, "").replaceAll("/", ".").replaceAll("~1", "/").replaceAll("~0", "~");
}

function describe(error: ErrorObject): string {
  const where = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  // Errors inside propertyNames carry the offending name on the error itself.
  if (error.propertyName !== undefined) return `header name "${error.propertyName}" is not a valid HTTP token`;
  switch (error.keyword) {
    case "required":
      return `missing field "${String(params.missingProperty)}"`;
    case "additionalProperties":
      return `unknown field "${String(params.additionalProperty)}"${where ? ` in ${where}` : ""}`;
    case "pattern":
      return where === "method"
        ? "method must be an HTTP token such as GET or POST"
        : `field "${where}" contains characters not allowed in a header value`;
    case "type":
      return where ? `field "${where}" ${error.message ?? "has the wrong type"}` : "body must be a JSON object";
    default:
      return `field "${where}" ${error.message ?? "is invalid"}`;
  }
}

function parseUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `url "${text}" is not an absolute URL`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `url scheme must be http: or https:, got ${url.protocol}`;
  }
  if (url.username !== "" || url.password !== "") {
    return "url must not carry credentials; send an authorization header instead";
  }
  return url;
}

export function validateForward(text: string): Validated {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return { ok: false, error: "body is not valid JSON" };
  }
  if (!check(input)) {
    const first = check.errors?.[0];
    return { ok: false, error: first ? describe(first) : "invalid forward request" };
  }
  const url = parseUrl(input.url);
  if (typeof url === "string") return { ok: false, error: url };
  const method = input.method ?? "GET";
  if (method.toUpperCase() === "CONNECT") return { ok: false, error: "method CONNECT is not supported" };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) {
      const hint = lower === "connection" ? "; use newConnectionPerRequest" : "";
      return { ok: false, error: `header "${name}" is managed by the forwarder and cannot be set${hint}` };
    }
    if (lower in headers) return { ok: false, error: `header "${name}" is given twice` };
    headers[lower] = value;
  }
  if (input.body !== undefined && Buffer.byteLength(input.body) > FORWARD_LIMITS.maxBodyBytes) {
    return { ok: false, error: `field "body" is larger than ${FORWARD_LIMITS.maxBodyBytes} bytes` };
  }
  return {
    ok: true,
    plan: {
      url,
      method,
      headers,
      body: input.body,
      count: input.count,
      concurrency: Math.min(input.concurrency ?? 1, input.count),
      timeoutMs: input.timeoutMs,
      newConnectionPerRequest: input.newConnectionPerRequest ?? false,
    },
  };
}
