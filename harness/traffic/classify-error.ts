// Maps a failed request to an ErrorCode from stable codes only: undici's UND_ERR_* and Node's
// errno / TLS codes, looked for on the error, its `cause` chain and AggregateError members
// (happy-eyeballs connects). Never from message text, which changes between versions.

import type { ErrorCode } from "./outcome.js";

const BY_CODE: Record<string, ErrorCode> = {
  ECONNREFUSED: "ECONNREFUSED",
  ECONNRESET: "ECONNRESET",
  EPIPE: "ECONNRESET",
  // undici: the peer closed the connection before a complete response ("other side closed").
  UND_ERR_SOCKET: "EOF",
  UND_ERR_CONNECT_TIMEOUT: "TIMEOUT",
  UND_ERR_HEADERS_TIMEOUT: "TIMEOUT",
  UND_ERR_BODY_TIMEOUT: "TIMEOUT",
  ETIMEDOUT: "TIMEOUT",
  ENOTFOUND: "DNS",
  EAI_AGAIN: "DNS",
  EAI_FAIL: "DNS",
  EAI_NONAME: "DNS",
  EAI_NODATA: "DNS",
  EPROTO: "TLS",
  HOSTNAME_MISMATCH: "TLS",
};

/** OpenSSL verification and Node TLS codes (certificate untrusted, expired, wrong name, alerts). */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|INVALID_CA|PATH_LENGTH_)/;

export function classifyError(err: unknown): ErrorCode {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { code, name, cause, errors } = e as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") {
      const mapped = BY_CODE[code];
      if (mapped) return mapped;
      if (TLS_CODE.test(code)) return "TLS";
    }
    // AbortSignal.timeout() rejects with a DOMException named TimeoutError.
    if (name === "TimeoutError") return "TIMEOUT";
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return "OTHER";
}

/** A short, single-line description for an ErrorOutcome. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const text = err.message.split("\n")[0] ?? "";
  return typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
}
