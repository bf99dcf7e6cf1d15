// What Envoy does around the upstream call of one VirtualService route: the fault filter
// (delay, then abort, each drawn per request) and the router's timeout and retries. A route
// without a retry policy gets Istio's default one (2 retries on connect failures, preferring
// hosts not tried yet; no status retried since 1.24); only `attempts: 0` takes the plain
// streaming forward() path.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { pipeline } from "node:stream/promises";
import type { Dispatcher } from "undici";
import type { HttpRetry, HttpRoute } from "../../manifests/types.js";
import { ISTIO_DEFAULT_RETRY_ON } from "../../manifests/map-route-policy.js";
import { sendLocalReply } from "./local-reply.js";
// Envoy's local reply bodies, as the checks and the k6 scenarios recognise them.
import { ABORT_BODY, TIMEOUT_BODY } from "../../spec/resilience.js";
import { classifyUpstreamError, forward, upstreamResetBody, type UpstreamFailure, type UpstreamPools, type UpstreamTarget } from "./upstream.js";

/** Envoy's default retry back-off base: each retry waits a jittered 0..(2^n - 1) × 25 ms. */
const BACKOFF_BASE_MS = 25;

/** Istio's retry policy for a route that states none (pilot's DefaultPolicy: 2 retries). */
export const ISTIO_DEFAULT_RETRY: HttpRetry = { attempts: 2, retryOn: [...ISTIO_DEFAULT_RETRY_ON] };

export interface RouteCall {
  pools: UpstreamPools;
  route: Pick<HttpRoute, "timeoutMs" | "retries" | "fault">;
  /**
   * An endpoint for one try; Envoy selects the host again for every retry, avoiding the ones
   * already tried (`tried`, the `key`s returned before) while others remain. Undefined: none healthy.
   */
  pick: (tried: ReadonlySet<string>) => (UpstreamTarget & { key: string }) | undefined;
  /** Request headers to send upstream, already filtered. */
  headers: Record<string, string | string[]>;
  random: () => number;
}

/** Serve one request through its route's fault, timeout and retry policy. Never rejects. */
export async function serveRoute(call: RouteCall, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { fault } = call.route;
  // Draw only for the parts configured, so a seeded sequence is not shifted for other routes.
  if (fault?.delay && call.random() * 100 < fault.delay.percent) {
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once("close", onClose);
    try {
      await sleep(fault.delay.fixedDelayMs, undefined, { signal: gone.signal });
    } catch {
      return; // the client left during the delay
    } finally {
      res.off("close", onClose);
    }
  }
  if (fault?.abort && call.random() * 100 < fault.abort.percent) {
    req.resume();
    sendLocalReply(res, fault.abort.httpStatus, ABORT_BODY);
    return;
  }
  const retries = call.route.retries ?? ISTIO_DEFAULT_RETRY;
  if (call.route.timeoutMs === undefined && retries.attempts === 0) {
    const target = call.pick(new Set());
    if (!target) return sendLocalReply(res, 503, "no healthy upstream");
    return forward(call.pools, target, req, res, { headers: call.headers });
  }
  await routed({ ...call, route: { ...call.route, retries } }, req, res);
}

type TryFailure = { kind: UpstreamFailure | "per-try timeout"; detail: string };

/** Does retryOn cover this answer (a status) or this failure? Envoy's conditions, HTTP/1 only. */
export function retriable(retryOn: readonly string[], what: number | TryFailure): boolean {
  if (typeof what === "number") {
    return retryOn.some(
      (c) => (c === "5xx" && what >= 500) || (c === "gateway-error" && [502, 503, 504].includes(what)) || (c === "retriable-4xx" && what === 409) || c === String(what),
    );
  }
  // No HTTP answer: 5xx and gateway-error cover resets, connect failures and per-try timeouts.
  return retryOn.some(
    (c) => c === "5xx" || c === "gateway-error" || (c === "reset" && what.kind !== "per-try timeout") || (c === "connect-failure" && what.kind === "connection failure"),
  );
}

async function routed(call: RouteCall, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { timeoutMs, retries } = call.route;
  // Retries need the body again: buffer it (Envoy buffers for retries too).
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const body = hasBody ? await readBody(req) : null;
  if (body === undefined) return; // the client left while sending

  const whole = new AbortController();
  let why: "timeout" | "downstream" | undefined;
  const onClose = () => {
    if (res.writableFinished) return;
    why ??= "downstream";
    whole.abort();
  };
  res.once("close", onClose);
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
    why ??= "timeout";
    whole.abort();
  }, timeoutMs);

  const tries = 1 + (retries?.attempts ?? 0);
  const tried = new Set<string>();
  let headersSent = false;
  try {
    for (let attempt = 0; attempt < tries; attempt++) {
      const last = attempt === tries - 1;
      if (attempt > 0) await sleep(call.random() * (2 ** attempt - 1) * BACKOFF_BASE_MS, undefined, { signal: whole.signal });
      const target = call.pick(tried);
      if (!target) return sendLocalReply(res, 503, "no healthy upstream");
      tried.add(target.key);
      // A try has its own signal only when it has its own timeout; otherwise the request's is its.
      const one = retries?.perTryTimeoutMs === undefined ? undefined : new AbortController();
      const relay = () => one?.abort();
      if (one) whole.signal.addEventListener("abort", relay, { once: true });
      let perTryFired = false;
      const perTry = one === undefined ? undefined : setTimeout(() => {
        perTryFired = true;
        one.abort();
      }, retries?.perTryTimeoutMs);
      let up: Dispatcher.ResponseData;
      try {
        up = await call.pools.pool(target).request({
          path: req.url ?? "/",
          method: (req.method ?? "GET") as Dispatcher.HttpMethod,
          headers: call.headers,
          body,
          signal: one?.signal ?? whole.signal,
        });
      } catch (err) {
        if (whole.signal.aborted) throw err; // route timeout or client gone: handled below
        const failure: TryFailure = perTryFired ? { kind: "per-try timeout", detail: "per-try timeout" } : classifyUpstreamError(err);
        if (!last && retries && retriable(retries.retryOn, failure)) continue;
        if (failure.kind === "per-try timeout") return sendLocalReply(res, 504, TIMEOUT_BODY);
        return sendLocalReply(res, 503, upstreamResetBody(failure.kind, failure.detail));
      } finally {
        if (perTry !== undefined) clearTimeout(perTry);
        if (one) whole.signal.removeEventListener("abort", relay);
      }
      if (!last && retries && retriable(retries.retryOn, up.statusCode)) {
        await up.body.dump().catch(() => {});
        continue;
      }
      const outHeaders: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (v !== undefined && k !== "connection" && k !== "keep-alive" && k !== "transfer-encoding") outHeaders[k] = v;
      }
      res.writeHead(up.statusCode, outHeaders);
      headersSent = true;
      // The route timeout covers the whole response; aborting `whole` now ends this body.
      whole.signal.addEventListener("abort", () => up.body.destroy(new Error("route timeout")), { once: true });
      await pipeline(up.body, res);
      return;
    }
  } catch {
    if (why === "downstream") return;
    if (why === "timeout" && !headersSent) return sendLocalReply(res, 504, TIMEOUT_BODY);
    res.destroy(); // mid-body failure: the client sees the reset, as with Envoy
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    res.off("close", onClose);
  }
}

/** The whole request body, or undefined when the client went away first. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}
