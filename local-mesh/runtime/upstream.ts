// Forwarding one HTTP request to an upstream, the way an Envoy HTTP connection manager does:
// hop-by-hop headers dropped, the body streamed, and a failure before response headers turned
// into Envoy's own 503 text. Connections are pooled per upstream (keep-alive), and mTLS
// upstreams are verified by CA and by the SPIFFE ID expected (Istio's subjectAltNames), not by
// hostname.
import type { IncomingMessage, ServerResponse, IncomingHttpHeaders } from "node:http";
import { createSecureContext, type PeerCertificate, type SecureContext } from "node:tls";
import { pipeline } from "node:stream/promises";
import { Pool } from "undici";
import { uriSans } from "./ca.js";
import { sendLocalReply } from "./local-reply.js";

/** A client identity for mTLS upstreams. */
export interface ClientTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface UpstreamTarget {
  port: number;
  /** Present: dial with mTLS and require this URI SAN on the server cert. */
  expectSpiffe?: string;
}

// RFC 9110 hop-by-hop headers, plus the ones undici refuses to be given.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
  "expect",
]);

export function forwardableHeaders(headers: IncomingHttpHeaders, drop: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const extraDrop = new Set(drop.map((d) => d.toLowerCase()));
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || extraDrop.has(k)) continue;
    out[k] = v;
  }
  return out;
}

/** Server identity check replacing hostname verification, as Istio's SAN matching does. */
export function spiffeIdentityCheck(expected: string) {
  return (_host: string, cert: PeerCertificate): Error | undefined => {
    const sans = uriSans(cert.subjectaltname);
    if (sans.includes(expected)) return undefined;
    return new Error(`server identity ${sans.join(",") || "(none)"} is not the expected ${expected}`);
  };
}

export type UpstreamFailure = "connection failure" | "connection termination" | "tls";

export function classifyUpstreamError(err: unknown): { kind: UpstreamFailure; detail: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? "";
  const causeCode = e.cause?.code ?? "";
  const detail = e.message ?? String(err);
  if (code === "ECONNREFUSED" || causeCode === "ECONNREFUSED" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return { kind: "connection failure", detail };
  }
  if (/^ERR_(SSL|TLS)|CERT|SELF_SIGNED|UNABLE_TO_/.test(code) || /^ERR_(SSL|TLS)/.test(causeCode) || /identity/.test(detail)) {
    return { kind: "tls", detail };
  }
  return { kind: "connection termination", detail };
}

/** Envoy's 503 body for an upstream that failed before sending headers. */
export function upstreamResetBody(kind: UpstreamFailure, detail: string): string {
  const base = "upstream connect error or disconnect/reset before headers. reset reason: ";
  if (kind === "tls") return `${base}connection failure, transport failure reason: TLS_error: ${detail}`;
  return base + kind;
}

/** Pools keyed by upstream, all owned by one proxy (one client identity). */
export class UpstreamPools {
  readonly #pools = new Map<string, Pool>();
  /**
   * The proxy's CA, certificate and key, parsed once: given as PEM, every new connection
   * (a pod's first request, a reconnect after a reset or a restart) would parse all three again.
   */
  readonly #secureContext: SecureContext | undefined;

  constructor(tls?: ClientTls) {
    this.#secureContext = tls && createSecureContext({ ca: tls.caPem, cert: tls.certPem, key: tls.keyPem });
  }

  pool(target: UpstreamTarget): Pool {
    const secure = target.expectSpiffe !== undefined;
    if (secure && !this.#secureContext) throw new Error("mTLS upstream requested by a proxy without an identity");
    const key = `${target.port}|${target.expectSpiffe ?? "plain"}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      const origin = `${secure ? "https" : "http"}://127.0.0.1:${target.port}`;
      pool = new Pool(origin, {
        connections: 64,
        ...(secure && this.#secureContext && target.expectSpiffe
          ? {
              connect: {
                secureContext: this.#secureContext,
                rejectUnauthorized: true,
                checkServerIdentity: spiffeIdentityCheck(target.expectSpiffe),
              },
            }
          : {}),
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}

export interface ForwardOptions {
  /** Request headers to send, already filtered. */
  headers: Record<string, string | string[]>;
  /** Called instead of the Envoy 503 when the upstream fails before headers. */
  onUpstreamFailure?: (failure: { kind: UpstreamFailure; detail: string }) => void;
}

/** Stream `req` to the upstream and its answer back to `res`. Never rejects. */
export async function forward(
  pools: UpstreamPools,
  target: UpstreamTarget,
  req: IncomingMessage,
  res: ServerResponse,
  opts: ForwardOptions,
): Promise<void> {
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.once("close", onClose);
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  let headersSent = false;
  try {
    const up = await pools.pool(target).request({
      path: req.url ?? "/",
      method: (req.method ?? "GET") as "GET",
      headers: opts.headers,
      body: hasBody ? req : null,
      signal: abort.signal,
    });
    const outHeaders: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) outHeaders[k] = v;
    }
    res.writeHead(up.statusCode, outHeaders);
    headersSent = true;
    await pipeline(up.body, res);
  } catch (err) {
    if (abort.signal.aborted) return; // the downstream went away; nothing to answer
    if (headersSent || res.headersSent) {
      res.destroy(); // mid-body failure: the downstream sees the reset, as with Envoy
      return;
    }
    const failure = classifyUpstreamError(err);
    if (opts.onUpstreamFailure) opts.onUpstreamFailure(failure);
    else sendLocalReply(res, 503, upstreamResetBody(failure.kind, failure.detail));
  } finally {
    res.off("close", onClose);
  }
}
