// What one request got: the destination that answered a 2xx ("dest:v2"), the status of any other
// answer ("status:403"), the status of an answer whose body then failed ("status:200/body:EOF"),
// or the error of no answer ("error:ECONNRESET"). This is the one definition of those keys: the
// harness's checks import observedKey and isNoAnswer from here.
// Built from a forwarder outcome or from the plain fields of a k6 response, so this stays
// runtime-neutral and testable under Node.

import type { BodyErrorCode, ForwardErrorCode, ForwardOutcome } from "./echo/protocol.ts";
import type { IdentifyRule } from "./profile/types.ts";

export type Observation =
  | { kind: "response"; status: number; destination?: string; caller?: string; body?: string; bodyError?: { code: BodyErrorCode; message: string }; latencyMs?: number }
  | { kind: "error"; code: ForwardErrorCode; message: string; latencyMs?: number };

/** The fields of a k6 http.Response this module reads (k6 canonicalises header names). */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null | undefined;
  error: string;
  error_code: number;
  /** k6's res.timings.duration. */
  durationMs?: number;
}

/** The fields observedKey reads; both the harness's Outcome and an Observation have them. */
export type Keyed =
  | { kind: "error"; code: string }
  | { kind: "response"; status: number; destination?: string; bodyError?: { code: string } };

/**
 * Any status line is an answer and keeps its status, even when the body then failed; a
 * destination is credited only for a 2xx whose body arrived whole (a 2xx cut off mid-body is
 * not a success, and the destination named in its headers must not count as one).
 */
export function observedKey(o: Keyed): string {
  if (o.kind === "error") return `error:${o.code}`;
  if (o.bodyError !== undefined) return `status:${o.status}/body:${o.bodyError.code}`;
  if (o.status >= 200 && o.status < 300 && o.destination !== undefined) return `dest:${o.destination}`;
  return `status:${o.status}`;
}

/** A 2xx whose body arrived whole: what every check counts as a success. */
export function isWhole2xx(o: Keyed): boolean {
  return o.kind === "response" && o.status >= 200 && o.status < 300 && o.bodyError === undefined;
}

/** What error budgets and failure streaks count: no answer, a 5xx, or an answer whose body broke off. */
export function isFailedRequest(o: Keyed): boolean {
  return o.kind === "error" || o.status >= 500 || o.bodyError !== undefined;
}

/** Did a request (or a convergence probe) fail only for want of any HTTP answer? Then the target is unreachable. */
export function isNoAnswer(key: string | undefined): boolean {
  return key !== undefined && key.startsWith("error:");
}

/**
 * How a STRICT workload refuses plaintext: Envoy resets or closes it, or the TLS handshake fails.
 * These are error codes, so by the rule above no status line arrived: EOF here is a close
 * before any answer, never a body cut short.
 */
export const REJECTED_AT_CONNECTION: readonly ForwardErrorCode[] = ["ECONNRESET", "EOF", "TLS"];

export function isConnectionReject(o: Observation): boolean {
  return o.kind === "error" && REJECTED_AT_CONNECTION.includes(o.code);
}

export function is2xx(o: Observation): boolean {
  return isWhole2xx(o);
}

/**
 * k6's numeric error codes (k6 docs "Error codes", lib/netext/httpext/error_codes.go) as the
 * forwarder's classes. A peer that closes before answering surfaces as Go's bare "EOF" under
 * the generic 1000.
 */
export function classifyK6Error(code: number, message: string): ForwardErrorCode {
  if (code === 1220) return "ECONNRESET";
  if (code === 1212) return "ECONNREFUSED";
  if (code === 1050 || code === 1211) return "TIMEOUT";
  if (code >= 1100 && code < 1200) return "DNS";
  if (code >= 1300 && code < 1400) return "TLS";
  if (/\bEOF\b/.test(message)) return "EOF";
  if (/reset by peer/i.test(message)) return "ECONNRESET";
  return "OTHER";
}

function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want && v !== undefined && v !== "") return v;
  return undefined;
}

function parseJsonObject(body: string | undefined | null): Record<string, unknown> | undefined {
  if (!body || !body.trimStart().startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fieldOf(json: Record<string, unknown> | undefined, field: string | undefined): string | undefined {
  if (json === undefined || field === undefined) return undefined;
  const v = json[field];
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

function callerOf(json: Record<string, unknown> | undefined): string | undefined {
  const caller = json?.caller;
  if (typeof caller !== "object" || caller === null) return undefined;
  const uri = (caller as { uri?: unknown }).uri;
  return typeof uri === "string" ? uri : undefined;
}

function response(
  status: number,
  headers: Record<string, string>,
  json: Record<string, unknown> | undefined,
  body: string | undefined,
  rule: IdentifyRule,
  latencyMs: number | undefined,
): Observation {
  const destination = (rule.header !== undefined ? headerValue(headers, rule.header) : undefined) ?? fieldOf(json, rule.jsonField);
  const caller = callerOf(json);
  return {
    kind: "response",
    status,
    ...(destination !== undefined ? { destination } : {}),
    ...(caller !== undefined ? { caller } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
  };
}

/** A request sent by a forwarder vantage (one element of ForwardResponse.outcomes). */
export function fromForwardOutcome(o: ForwardOutcome, rule: IdentifyRule): Observation {
  if (!o.ok) return { kind: "error", code: o.error, message: o.message, latencyMs: o.durationMs };
  const json = o.echo !== undefined ? (o.echo as unknown as Record<string, unknown>) : parseJsonObject(o.body);
  const seen = response(o.status, o.headers, json, o.body ?? (o.echo !== undefined ? JSON.stringify(o.echo) : undefined), rule, o.durationMs);
  if (o.bodyError === undefined || seen.kind !== "response") return seen;
  // An answer whose body broke off names no destination (as in the harness's senders).
  const { destination: _dropped, ...rest } = seen;
  return { ...rest, bodyError: { code: o.bodyError.error, message: o.bodyError.message } };
}

/** A request k6 sent itself (status 0 means no HTTP answer; error_code says why). */
export function fromPlainResponse(r: PlainResponse, rule: IdentifyRule): Observation {
  if (r.status === 0) {
    const latency = r.durationMs !== undefined ? { latencyMs: r.durationMs } : {};
    return { kind: "error", code: classifyK6Error(r.error_code, r.error), message: r.error || `k6 error ${r.error_code}`, ...latency };
  }
  const body = typeof r.body === "string" ? r.body : undefined;
  return response(r.status, r.headers, parseJsonObject(body), body, rule, r.durationMs);
}

/** `path` on the origin of `base` (what `new URL(path, base)` gives for an absolute path; k6 has no URL global). */
export function withPath(base: string, path: string): string {
  const m = /^(https?:\/\/[^/?#]+)/i.exec(base);
  if (!m) throw new Error(`not an absolute http(s) URL: ${JSON.stringify(base)}`);
  return `${m[1]}${path.startsWith("/") ? path : `/${path}`}`;
}
