// Wire types of the echo service: what its service port answers and what its forwarder
// accepts and returns. Type-only and runtime-neutral, so the harness, the local mesh and the
// k6 scenarios can all import them.

/** The variant a workload reports; steady and flaky are the outlier-detection pair. */
export type Variant = "v1" | "v2" | "dev" | "prod" | "steady" | "flaky";

/** The caller as the app saw it, parsed from X-Forwarded-Client-Cert (set by a sidecar). */
export interface CallerIdentity {
  /** SPIFFE ID from the XFCC `URI=` element, e.g. spiffe://cluster.local/ns/NS/sa/SA. */
  uri: string;
  /** The raw XFCC element the URI came from. */
  raw: string;
}

/** The JSON body of every answer from the service port (and `/status`, `/delay`). */
export interface EchoReply {
  service: string;
  version: string;
  pod: string;
  namespace: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Request headers, names lower-cased. */
  headers: Record<string, string | string[]>;
  /** Present only when the request carried X-Forwarded-Client-Cert with a URI element. */
  caller?: CallerIdentity;
  /** Bytes of request body the app read (and discarded). */
  bodyBytes?: number;
}

/** Upper bounds the forwarder enforces; larger asks get 400. */
export const FORWARD_LIMITS = {
  maxCount: 10_000,
  maxConcurrency: 64,
  maxTimeoutMs: 60_000,
  maxBodyBytes: 1 << 20,
} as const;

/**
 * Response bodies are read up to this many bytes, by the forwarder and by the harness's own
 * senders; a longer (or endless) body ends the read with bodyError TOO_LARGE. Echo replies are
 * a few KiB.
 */
export const MAX_RESPONSE_BODY_BYTES = 1 << 20;

/** Body of `POST /forward` on the admin port. */
export interface ForwardRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** How many requests to send (1..FORWARD_LIMITS.maxCount). */
  count: number;
  /** How many at once (default 1). */
  concurrency?: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Open a fresh connection for every request instead of keep-alive. */
  newConnectionPerRequest?: boolean;
}

/** Failure codes a forwarded request can end with (no status line arrived: no HTTP response at all). */
export type ForwardErrorCode =
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "EOF" // peer closed before any response (undici: socket closed)
  | "TIMEOUT"
  | "TLS" // handshake failed
  | "DNS"
  | "OTHER";

/**
 * Why the body after a status line did not arrive whole: the same codes, plus TOO_LARGE (longer
 * than MAX_RESPONSE_BODY_BYTES). The answer still counts as an answer with its status.
 */
export type BodyErrorCode = ForwardErrorCode | "TOO_LARGE";

export type ForwardOutcome =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      /** Parsed echo JSON when the body was echo JSON, else undefined. */
      echo?: EchoReply;
      /** The raw body when it was not echo JSON (capped at 4 KiB), e.g. `RBAC: access denied`. */
      body?: string;
      /** Present when the status line arrived but the body then failed (reset, close, timeout, too large). */
      bodyError?: { error: BodyErrorCode; message: string };
      durationMs: number;
    }
  | { ok: false; error: ForwardErrorCode; message: string; durationMs: number };

/** Answer of `POST /forward`: one outcome per request, in send order. */
export interface ForwardResponse {
  from: { service: string; version: string; pod: string; namespace: string };
  outcomes: ForwardOutcome[];
}
