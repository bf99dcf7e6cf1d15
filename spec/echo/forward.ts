// The forwarder protocol from the k6 side: the body of POST /forward and a checked reading of
// its answer. Runtime-neutral; the wire types and limits are the echo service's own (./protocol.ts).

import { ADMIN_TOKEN_HEADER } from "./admin-token.ts";
import { FORWARD_LIMITS, type ForwardRequest, type ForwardResponse } from "./protocol.ts";

/** The headers POST /forward must carry: the forwarder refuses anything but its token and JSON. */
export function forwardHeaders(token: string): Record<string, string> {
  return { "content-type": "application/json", [ADMIN_TOKEN_HEADER]: token };
}

export interface ForwardAsk {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Sent as the Host header (the forwarder sends headers as given). */
  host?: string;
  count: number;
  concurrency?: number;
  timeoutMs: number;
  newConnectionPerRequest?: boolean;
}

export function forwardBody(a: ForwardAsk): ForwardRequest {
  if (!Number.isInteger(a.count) || a.count < 1 || a.count > FORWARD_LIMITS.maxCount) throw new RangeError(`forward count must be 1..${FORWARD_LIMITS.maxCount}, got ${a.count}`);
  const headers = a.host !== undefined ? { ...a.headers, host: a.host } : { ...a.headers };
  return {
    url: a.url,
    method: a.method,
    headers,
    count: a.count,
    concurrency: Math.max(1, Math.min(a.concurrency ?? 1, a.count, FORWARD_LIMITS.maxConcurrency)),
    timeoutMs: Math.min(a.timeoutMs, FORWARD_LIMITS.maxTimeoutMs),
    ...(a.newConnectionPerRequest ? { newConnectionPerRequest: true } : {}),
  };
}

/**
 * The forwarder's answer, or a one-line reason it is unusable. A broken forwarder means the
 * vantage is broken: nothing can be concluded from it (the harness's SenderError).
 */
export function readForwardResponse(status: number, body: string | null | undefined, count: number, forwarderUrl: string): ForwardResponse | string {
  const snippet = (body ?? "").replace(/\s+/g, " ").trim().slice(0, 200) || "(empty body)";
  if (status === 0) return `forwarder ${forwarderUrl} is unreachable`;
  if (status !== 200) return `forwarder ${forwarderUrl} answered ${status}: ${snippet}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    return `forwarder ${forwarderUrl} answered non-JSON: ${snippet}`;
  }
  const outcomes = (parsed as { outcomes?: unknown } | null)?.outcomes;
  if (!Array.isArray(outcomes) || outcomes.length !== count) {
    return `forwarder ${forwarderUrl} answered ${Array.isArray(outcomes) ? outcomes.length : "no"} outcomes for ${count} requests`;
  }
  return parsed as ForwardResponse;
}
