// What a VirtualService route's resilience settings promise, per request: a route timeout cuts a
// slow request with Envoy's 504 at the timeout; fault injection answers with the configured
// status and Envoy's abort body, or after the fixed delay; retries lift the success rate to
// 1 − f^(attempts+1). One implementation for the harness's checks (which re-export the formulas)
// and the k6 scenarios. Runtime-neutral: no runtime imports.

import type { Observation } from "./observe.js";

/** Envoy's local reply when the route timeout fires. */
export const TIMEOUT_BODY = "upstream request timeout";
/** Envoy's fault filter body for an injected abort. */
export const ABORT_BODY = "fault filter abort";

/**
 * Latency bounds of a timed-out request. Generous on purpose — this is behaviour, not a speed
 * test: a tenth early (clocks, rounding), and up to max(500 ms, the timeout) late (a loaded
 * machine). A mesh ignoring the timeout answers at the upstream's delay, far outside.
 */
export function timeoutBoundsMs(timeoutMs: number): [number, number] {
  return [Math.floor(timeoutMs * 0.9), Math.ceil(timeoutMs + Math.max(500, timeoutMs))];
}

/** The least success rate retries guarantee when each try fails independently with probability f. */
export function minimumSuccessRate(failRatio: number, attempts: number): number {
  return 1 - failRatio ** (attempts + 1);
}

/** A 2xx the app itself answered (it names its destination; Envoy's local replies do not). */
export function isAppAnswer(o: Observation): boolean {
  return o.kind === "response" && o.status >= 200 && o.status < 300 && o.destination !== undefined;
}

/** Cut by the route timeout: 504 with Envoy's body, within the bounds. */
export function isTimeoutCut(o: Observation, bounds: readonly [number, number]): boolean {
  return o.kind === "response" && o.status === 504 && (o.body ?? "").includes(TIMEOUT_BODY) && o.latencyMs !== undefined && o.latencyMs >= bounds[0] && o.latencyMs <= bounds[1];
}

/** An injected abort: the configured status with the fault filter's body (an app 503 is not one). */
export function isFaultAbort(o: Observation, httpStatus: number): boolean {
  return o.kind === "response" && o.status === httpStatus && (o.body ?? "").includes(ABORT_BODY);
}

/** An injected delay shows only as latency; an observation without one cannot count as delayed. */
export function isDelayed(o: Observation, fixedDelayMs: number): boolean {
  return o.latencyMs !== undefined && o.latencyMs >= fixedDelayMs;
}
