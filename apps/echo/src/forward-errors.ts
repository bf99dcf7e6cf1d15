// Classifies why a forwarded request got no HTTP answer, from undici's stable UND_ERR_* codes
// and Node's errno/OpenSSL codes (never from message text, which changes between versions).
import type { ForwardErrorCode } from "./protocol.js";

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
  // Certificate verification failures (Node's X509 verify codes).
  CERT_HAS_EXPIRED: "TLS",
  CERT_NOT_YET_VALID: "TLS",
  CERT_REVOKED: "TLS",
  CERT_UNTRUSTED: "TLS",
  CERT_REJECTED: "TLS",
  CERT_SIGNATURE_FAILURE: "TLS",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS",
  UNABLE_TO_GET_ISSUER_CERT: "TLS",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS",
  HOSTNAME_MISMATCH: "TLS",
  EPROTO: "TLS",
};

/** OpenSSL (`ERR_SSL_*`) and Node TLS (`ERR_TLS_*`) errors are all handshake failures to us. */
function tlsFamily(code: string): boolean {
  return code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_");
}

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  // Walk the cause chain: wrappers (fetch, AggregateError) hide the socket's own code.
  for (let e = err, depth = 0; e instanceof Object && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors[0] instanceof Object) {
      e = errors[0] as object; // happy-eyeballs AggregateError: the first attempt speaks for all
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

export function classifyError(err: unknown): ForwardErrorCode {
  for (const code of codesOf(err)) {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (tlsFamily(code)) return "TLS";
  }
  return "OTHER";
}

export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codesOf(err)[0];
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
