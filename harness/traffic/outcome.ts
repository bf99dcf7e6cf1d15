// The classified result of one request: an HTTP response (any status), or an error with no
// HTTP response at all. Checks decide on these; the engine counts them.
//
// One rule for "answered": once a status line has arrived the outcome is a response carrying
// that status, whatever then happens to the body (reset, close, timeout, too large); the body's
// failure rides along as `bodyError`. Only a request that never got a status line is an error.

import type { BodyErrorCode, ForwardErrorCode } from "../../spec/echo/protocol.js";

/** Why a request got no HTTP response; the same codes the echo forwarder reports. */
export type ErrorCode = ForwardErrorCode;
export type { BodyErrorCode };

export const ERROR_CODES: readonly ErrorCode[] = ["ECONNREFUSED", "ECONNRESET", "EOF", "TIMEOUT", "TLS", "DNS", "OTHER"];

/** Bodies kept on an outcome are cut to this many bytes (enough for `RBAC: access denied`). */
export const BODY_CAP_BYTES = 4096;

export interface ResponseOutcome {
  kind: "response";
  status: number;
  /** The destination that answered, per the profile's IdentifyRule; absent when unknown. */
  destination?: string;
  /** The body as text, at most BODY_CAP_BYTES; absent when the sender does not capture bodies. */
  body?: string;
  /** Response headers, lower-case names, repeated values joined with ", "; absent when not captured. */
  headers?: Record<string, string>;
  /** The status line arrived but the body did not, whole: why. */
  bodyError?: { code: BodyErrorCode; message: string };
  latencyMs: number;
}

export interface ErrorOutcome {
  kind: "error";
  code: ErrorCode;
  message: string;
  latencyMs: number;
}

export type Outcome = ResponseOutcome | ErrorOutcome;

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx";

export function statusClass(status: number): StatusClass {
  if (status < 200) return "1xx";
  if (status < 300) return "2xx";
  if (status < 400) return "3xx";
  if (status < 500) return "4xx";
  return "5xx";
}
