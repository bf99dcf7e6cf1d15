// The DestinationRule sections of the target profile: for each gateway host that
// reaches one Service with a rule, its connection pool limits or its outlier detection, as
// written in the manifests. The requests use the echo app's knobs (`/delay/{ms}`, `?failStatus=`).
import type { MeshModel } from "../manifests/types.js";
import type { CircuitBreakingTarget, OutlierDetectionTarget } from "../spec/profile/types.js";
import { destinationRuleFor } from "../manifests/service-destination-rule.js";
import { gatewayDestinations } from "./gateway-destinations.js";
import { workloadsOf } from "../manifests/labels.js";

/** How long the slow request takes: long enough that a burst sent at once overlaps on any machine. */
const SLOW_MS = 300;
/** Beyond this many slots a burst big enough to overflow costs more than a quick check should. */
const MAX_TESTABLE_CAPACITY = 16;
/**
 * The failing pods answer the probe with 500, a status no retry policy on the route retries
 * (Istio's default has retried no status since 1.24; before, it retried 503 on another host,
 * which hid the failures from the client), so every failure is seen.
 */
const PROBE_FAIL_STATUS = 500;

export function deriveCircuitBreaking(model: MeshModel, origin: string): CircuitBreakingTarget[] {
  return gatewayDestinations(model).flatMap(({ vs, host, service }) => {
    const pool = destinationRuleFor(model, service)?.connectionPool;
    if (!pool) return [];
    const maxActive = Math.min(pool.maxConnections ?? Infinity, pool.http2MaxRequests ?? Infinity);
    const maxPending = pool.http1MaxPendingRequests ?? Infinity;
    if (!(maxActive + maxPending <= MAX_TESTABLE_CAPACITY)) return [];
    return [{ name: vs.name, url: `${origin}/`, host, maxActive, maxPending, slowPath: `/delay/${SLOW_MS}` }];
  });
}

export function deriveOutlierDetection(model: MeshModel, origin: string): OutlierDetectionTarget[] {
  return gatewayDestinations(model).flatMap(({ vs, host, service }) => {
    const od = destinationRuleFor(model, service)?.outlierDetection;
    if (!od || od.consecutive5xxErrors === 0) return [];
    const endpoints = workloadsOf(model, service).map((w) => ({
      destination: w.env.VERSION ?? w.labels.version ?? w.name,
      failRatio: Number(w.env.FAILURE_RATIO ?? "0"),
    }));
    const failing = endpoints.filter((e) => e.failRatio > 0).length;
    // Testable only when every failing pod may be ejected and a healthy one remains to answer.
    if (failing === 0 || failing === endpoints.length || (100 * failing) / endpoints.length > od.maxEjectionPercent) return [];
    return [{
      name: vs.name,
      url: `${origin}/`,
      host,
      consecutiveErrors: od.consecutive5xxErrors,
      intervalMs: od.intervalMs,
      baseEjectionTimeMs: od.baseEjectionTimeMs,
      maxEjectionPercent: od.maxEjectionPercent,
      path: `/?failStatus=${PROBE_FAIL_STATUS}`,
      endpoints,
    }];
  });
}
