// Classifies why a forwarded request got no HTTP answer, from undici's stable UND_ERR_* codes
// and Node's errno/OpenSSL codes (never from message text, which changes between versions).
import type { ForwardErrorCode } from "../../../spec/echo/protocol.js";

const BY_CODE: Record<string, ForwardErrorCode> = {
  ECONNREFUSED: "ECONNREFUSED",
  ECONNRESET: "ECONNRESET",
  EPIPE: "ECONNRESET",
  // undici: the peer closed the socket before a complete response ("other side closed").
  UND_ERR_SOCKET: "EOF",
  UND_ERR_CONNECT_TIMEOUT: "TIMEOUT",
  UND_ERR_HEADERS_TIMEOUT: "TIMEOUT",
  UND_ERR_BODY_TIMEOUT: "TIMEOUT",
  ETIMEDOUT: "TIMEOUT",
  ENOTFOUND: "DNS",
  EAI_AGAIN: "DNS",
  EAI_FAIL: "DNS",
  EAI_NODATA: "DNS",
  EAI_NONAME: "DNS",
};

/** OpenSSL verification and Node TLS codes (certificate untrusted, expired, wrong name, alerts). */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|INVALID_CA|PATH_LENGTH_)/;

/** Every stable code on the error, its `cause` chain and AggregateError members (happy-eyeballs connects), nearest first. */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { code, name, cause, errors } = e as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") codes.push(code);
    // AbortSignal.timeout() rejects with a DOMException named TimeoutError (no code).
    if (name === "TimeoutError") codes.push("ETIMEDOUT");
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return codes;
}

/**
 * The one classification of "no HTTP answer" in meshcheck: the echo forwarder reports it, and
 * the harness's senders (harness/traffic/classify-error.ts) use the same function.
 */
export function classifyError(err: unknown): ForwardErrorCode {
  for (const code of codesOf(err)) {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return "TLS";
  }
  return "OTHER";
}

export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codesOf(err)[0];
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
