// The resilience sections of the target profile, read from the gateway-bound route tables
// (VirtualServices and HTTPRoutes, route-tables.ts) whose routes carry a timeout, retries or a fault. Only catch-all routes: the
// profile states no match conditions for these targets, so a matched route cannot be addressed.
// The requests use the echo app's knobs (`/delay/{ms}`, `?failRatio=&failStatus=`).
import type { HttpRoute, VirtualService } from "../manifests/types.js";
import type { FaultInjectionTarget, RetriesTarget, RouteApi, TimeoutTarget } from "../spec/profile/types.js";
import type { ReachableTable } from "./route-tables.js";

/** How far past the timeout the slow request answers: far enough that "cut at the timeout" is unmistakable. */
const SLOW_FACTOR = 4;
/**
 * ...but at most this far past it: the check waits about 2.5 timeouts plus a second for an
 * answer, so a longer delay (a 10 s route timeout × 4) would outlast the wait and turn a route
 * that ignores its timeout into an inconclusive instead of a fail.
 */
const SLOW_EXTRA_MAX_MS = 10_000;
/** The control answers in a fifth of the timeout (well inside it), and never slower than this: a cut timeout must not swallow it. */
const CONTROL_FACTOR = 0.2;
const CONTROL_MAX_MS = 100;
/** The share of tries the upstream fails in the retries probe: high enough that missing retries show fast. */
const PROBE_FAIL_RATIO = 0.5;

interface GatewayRoute {
  api: RouteApi;
  vs: VirtualService;
  route: HttpRoute;
  url: string;
  host: string;
}

/** Catch-all routes of gateway-bound tables, each with a concrete Host to send. */
function gatewayCatchAllRoutes(tables: ReachableTable[]): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  for (const { api, vs, url, host } of tables) {
    if (host === undefined) continue;
    // The first catch-all route is the only one a request without conditions reaches. One
    // destination only: on a weighted route (a canary) the probe would judge two upstreams at
    // once, and one of them down would read as a broken timeout or retry policy.
    const route = vs.http.find((r) => !r.match || r.match.length === 0);
    if (route && route.route.length === 1) out.push({ api, vs, route, url, host });
  }
  return out;
}

export function deriveTimeouts(tables: ReachableTable[]): TimeoutTarget[] {
  return gatewayCatchAllRoutes(tables).flatMap(({ api, vs, route, url, host }) =>
    route.timeoutMs === undefined
      ? []
      : [{
          name: vs.name,
          api,
          url,
          host,
          timeoutMs: route.timeoutMs,
          path: `/delay/${Math.round(route.timeoutMs + Math.min(route.timeoutMs * (SLOW_FACTOR - 1), SLOW_EXTRA_MAX_MS))}`,
          controlPath: `/delay/${Math.round(Math.min(route.timeoutMs * CONTROL_FACTOR, CONTROL_MAX_MS))}`,
        }],
  );
}

/**
 * The status the probe fails with: one the route's retryOn covers, and not 503 where avoidable:
 * Istio's default retry policy retried 503 before 1.24 (EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY
 * turned that off), so on an older mesh one ignoring the route's retries would still look retried.
 */
export function failStatusFor(retryOn: readonly string[]): number | undefined {
  if (retryOn.includes("5xx")) return 500;
  if (retryOn.includes("gateway-error")) return 502;
  if (retryOn.includes("retriable-4xx")) return 409;
  const codes = retryOn.filter((c) => /^\d{3}$/.test(c)).map(Number);
  return codes.find((c) => c !== 503) ?? codes[0];
}

export function deriveRetries(tables: ReachableTable[]): RetriesTarget[] {
  return gatewayCatchAllRoutes(tables).flatMap(({ api, vs, route, url, host }) => {
    const r = route.retries;
    const status = r && r.attempts > 0 ? failStatusFor(r.retryOn) : undefined;
    if (!r || status === undefined) return [];
    return [{
      name: vs.name,
      api,
      url,
      host,
      attempts: r.attempts,
      retryOn: r.retryOn.join(","),
      path: `/?failRatio=${PROBE_FAIL_RATIO}&failStatus=${status}`,
      failRatio: PROBE_FAIL_RATIO,
    }];
  });
}

export function deriveFaultInjection(tables: ReachableTable[]): FaultInjectionTarget[] {
  // An HTTPRoute rule whose weights are all 0 reads as an always-on 500 abort: the Gateway API's
  // answer, not an injected fault, so it states no fault-injection target.
  return gatewayCatchAllRoutes(tables.filter((t) => t.api === "VirtualService")).flatMap(({ api, vs, route, url, host }) => {
    const f = route.fault;
    if (!f) return [];
    return [{
      name: vs.name,
      api,
      url,
      host,
      ...(f.abort && { abort: { percent: f.abort.percent, httpStatus: f.abort.httpStatus } }),
      ...(f.delay && { delay: { percent: f.delay.percent, fixedDelayMs: f.delay.fixedDelayMs } }),
    }];
  });
}
