// The resilience sections of the target profile, read from the gateway-bound
// VirtualService routes that carry a timeout, retries or a fault. Only catch-all routes: the
// profile states no match conditions for these targets, so a matched route cannot be addressed.
// The requests use the echo app's knobs (`/delay/{ms}`, `?failRatio=&failStatus=`).
import type { HttpRoute, MeshModel, VirtualService } from "../manifests/types.js";
import type { FaultInjectionTarget, RetriesTarget, TimeoutTarget } from "../spec/profile/types.js";
import { gatewayVirtualServices } from "../manifests/gateway-binding.js";
import { probeHost } from "./probe-host.js";

/** How far past the timeout the slow request answers: far enough that "cut at the timeout" is unmistakable. */
const SLOW_FACTOR = 4;
/** The control answers in a fifth of the timeout: well inside it. */
const CONTROL_FACTOR = 0.2;
/** The share of tries the upstream fails in the retries probe: high enough that missing retries show fast. */
const PROBE_FAIL_RATIO = 0.5;

interface GatewayRoute {
  vs: VirtualService;
  route: HttpRoute;
  host: string;
}

/** Catch-all routes of gateway-bound VirtualServices, each with a concrete Host to send. */
function gatewayCatchAllRoutes(model: MeshModel): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  for (const vs of gatewayVirtualServices(model)) {
    const host = probeHost(vs);
    if (host === undefined) continue;
    // The first catch-all route is the only one a request without conditions reaches.
    const route = vs.http.find((r) => !r.match || r.match.length === 0);
    if (route) out.push({ vs, route, host });
  }
  return out;
}

export function deriveTimeouts(model: MeshModel, origin: string): TimeoutTarget[] {
  return gatewayCatchAllRoutes(model).flatMap(({ vs, route, host }) =>
    route.timeoutMs === undefined
      ? []
      : [{
          name: vs.name,
          url: `${origin}/`,
          host,
          timeoutMs: route.timeoutMs,
          path: `/delay/${Math.round(route.timeoutMs * SLOW_FACTOR)}`,
          controlPath: `/delay/${Math.round(route.timeoutMs * CONTROL_FACTOR)}`,
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

export function deriveRetries(model: MeshModel, origin: string): RetriesTarget[] {
  return gatewayCatchAllRoutes(model).flatMap(({ vs, route, host }) => {
    const r = route.retries;
    const status = r && r.attempts > 0 ? failStatusFor(r.retryOn) : undefined;
    if (!r || status === undefined) return [];
    return [{
      name: vs.name,
      url: `${origin}/`,
      host,
      attempts: r.attempts,
      retryOn: r.retryOn.join(","),
      path: `/?failRatio=${PROBE_FAIL_RATIO}&failStatus=${status}`,
      failRatio: PROBE_FAIL_RATIO,
    }];
  });
}

export function deriveFaultInjection(model: MeshModel, origin: string): FaultInjectionTarget[] {
  return gatewayCatchAllRoutes(model).flatMap(({ vs, route, host }) => {
    const f = route.fault;
    if (!f) return [];
    return [{
      name: vs.name,
      url: `${origin}/`,
      host,
      ...(f.abort && { abort: { percent: f.abort.percent, httpStatus: f.abort.httpStatus } }),
      ...(f.delay && { delay: { percent: f.delay.percent, fixedDelayMs: f.delay.fixedDelayMs } }),
    }];
  });
}
