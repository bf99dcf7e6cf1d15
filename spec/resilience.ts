// What a VirtualService route's resilience settings promise, per request: a route timeout cuts a
// slow request with Envoy's 504; fault injection answers with the configured status and Envoy's
// abort body; retries lift the success rate to 1 − f^(attempts+1). Whether a cut or a delay came
// on time is a timing judgement, in ./timing/timeout-bounds.ts and ./timing/delay-separation.ts.
// One implementation for the harness's checks (harness/checks/{route-timeout,retries,
// fault-injection}.ts), the k6 scenarios and the local mesh's local replies.
// Runtime-neutral: no runtime imports.

import type { Observation } from "./outcome.ts";

/** Envoy's local reply when the route timeout fires. */
export const TIMEOUT_BODY = "upstream request timeout";
/** Envoy's fault filter body for an injected abort. */
export const ABORT_BODY = "fault filter abort";

/** The least success rate retries guarantee when each try fails independently with probability f. */
export function minimumSuccessRate(failRatio: number, attempts: number): number {
  return 1 - failRatio ** (attempts + 1);
}

/** A 2xx the app itself answered (it names its destination; Envoy's local replies do not). */
export function isAppAnswer(o: Observation): boolean {
  return o.kind === "response" && o.status >= 200 && o.status < 300 && o.destination !== undefined;
}

/** Any answer the app itself sent, whatever its status (Envoy's local replies name no destination). */
export function isFromApp(o: Observation): boolean {
  return o.kind === "response" && o.destination !== undefined;
}

/** The route timeout's cut: Envoy's 504 with its timeout body (an app's own 504 is not one). */
export function isTimeoutCut(o: Observation): boolean {
  return o.kind === "response" && o.status === 504 && (o.body ?? "").includes(TIMEOUT_BODY);
}

/** An injected abort: the configured status with the fault filter's body (an app 503 is not one). */
export function isFaultAbort(o: Observation, httpStatus: number): boolean {
  return o.kind === "response" && o.status === httpStatus && (o.body ?? "").includes(ABORT_BODY);
}
