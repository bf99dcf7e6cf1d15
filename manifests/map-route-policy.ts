// The resilience parts of a VirtualService HTTP route: timeout, retries and fault injection,
// with Istio's field names and validation (durations ≥ 1ms, percentages 0–100, abort status
// 200–599). Each error names the field.
import type { ResourceFields } from "./fields.js";
import { describe } from "./fields.js";
import type { Path } from "./path.js";
import { optionalDurationMs } from "./duration.js";
import type { HttpFault, HttpRetry, HttpRoute } from "./types.js";

/**
 * Envoy retry conditions the local mesh acts on (bare status codes too). The gRPC ones are
 * accepted because Istio accepts them, but they match only gRPC statuses, which the echo app
 * never sends, so locally they never trigger a retry.
 */
export const RETRY_CONDITIONS = ["5xx", "gateway-error", "reset", "connect-failure", "refused-stream", "retriable-4xx", "retriable-status-codes"] as const;

/**
 * Istio's retryOn when a policy leaves it out, as pilot's retry.go builds it. Since Istio 1.24
 * (EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY, on by default) it lists no status code, so
 * retriable-status-codes matches nothing: a 503 an upstream answers is not retried.
 */
export const ISTIO_DEFAULT_RETRY_ON = ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"] as const;
const GRPC_CONDITIONS = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"];

export type RoutePolicy = Pick<HttpRoute, "timeoutMs" | "retries" | "fault">;

export function readRoutePolicy(fields: ResourceFields, path: Path): RoutePolicy {
  // `timeout: 0s` is Istio's way to say "no timeout": the same as leaving it out.
  const zero = /^0+(\.0*)?(ms|s|m|h)?$/.test(fields.optionalString([...path, "timeout"]) ?? "");
  const timeoutMs = zero ? undefined : optionalDurationMs(fields, [...path, "timeout"]);
  const retries = fields.has([...path, "retries"]) ? readRetries(fields, [...path, "retries"]) : undefined;
  const fault = fields.has([...path, "fault"]) ? readFault(fields, [...path, "fault"]) : undefined;
  return {
    ...(timeoutMs !== undefined && { timeoutMs }),
    ...(retries !== undefined && { retries }),
    ...(fault !== undefined && { fault }),
  };
}

function readRetries(fields: ResourceFields, path: Path): HttpRetry {
  const attempts = fields.integer([...path, "attempts"], 0, 1_000);
  const perTryTimeoutMs = optionalDurationMs(fields, [...path, "perTryTimeout"]);
  const text = fields.optionalString([...path, "retryOn"]);
  const retryOn = text === undefined ? [...ISTIO_DEFAULT_RETRY_ON] : text.split(",").map((s) => s.trim());
  for (const c of retryOn) {
    const known = (RETRY_CONDITIONS as readonly string[]).includes(c) || GRPC_CONDITIONS.includes(c) || /^[1-5]\d\d$/.test(c);
    if (!known) {
      fields.fail([...path, "retryOn"], `unknown retry condition ${JSON.stringify(c)}; supported: ${[...RETRY_CONDITIONS, ...GRPC_CONDITIONS].join(", ")} or a status code`);
    }
  }
  return { attempts, ...(perTryTimeoutMs !== undefined && { perTryTimeoutMs }), retryOn };
}

function readFault(fields: ResourceFields, path: Path): HttpFault {
  const fault: HttpFault = {};
  if (fields.has([...path, "delay"])) {
    const at = [...path, "delay"];
    const fixedDelayMs = optionalDurationMs(fields, [...at, "fixedDelay"]);
    if (fixedDelayMs === undefined) fields.fail([...at, "fixedDelay"], "is required");
    fault.delay = { percent: readPercentage(fields, [...at, "percentage", "value"]), fixedDelayMs };
  }
  if (fields.has([...path, "abort"])) {
    const at = [...path, "abort"];
    fault.abort = {
      percent: readPercentage(fields, [...at, "percentage", "value"]),
      httpStatus: fields.integer([...at, "httpStatus"], 200, 599),
    };
  }
  if (!fault.delay && !fault.abort) fields.fail(path, "needs a delay or an abort");
  return fault;
}

// Required here although Istio lets it out: what an absent percentage means has changed across
// Istio versions (0% via the deprecated `percent`, or 100%), so the manifest must say it.
function readPercentage(fields: ResourceFields, path: Path): number {
  const value = fields.get(path);
  if (value === undefined || value === null) fields.fail(path, "is required (a percentage of requests, 0 to 100)");
  if (typeof value !== "number" || !Number.isFinite(value)) fields.fail(path, `must be a number, got ${describe(value)}`);
  if (value < 0 || value > 100) fields.fail(path, `must be between 0 and 100, got ${value}`);
  return value;
}
