// route-timeout: a request the upstream answers well after the route's timeout gets Envoy's
// 504 `upstream request timeout`, at the timeout — not before it, not long after. The positive
// control (checked first, and the convergence probe) answers within the timeout: a route that
// cannot answer at all is `error`, never a pass or a timeout verdict.

import type { Outcome } from "../traffic/outcome.js";
import type { TrafficRequest } from "../traffic/request.js";
import type { CheckDefinition } from "./types.js";
import type { TimedRequestRecord } from "./evidence.js";
import { awaitConvergence } from "./converge.js";
import { bodyExcerpt, observedKey } from "./observe.js";
import { TIMEOUT_BODY, timeoutBoundsMs } from "../../scenarios/lib/resilience.js";

/** Slow requests, sent at once: one could time out by luck of scheduling; three at the same bound cannot. */
export const TIMEOUT_SLOW_REQUESTS = 3;
// The bounds and Envoy's body live in scenarios/lib/resilience.ts (runtime-neutral), shared with
// the k6 timeouts scenario: one implementation.
export { TIMEOUT_BODY, timeoutBoundsMs } from "../../scenarios/lib/resilience.js";

export const routeTimeout: CheckDefinition<"timeouts"> = {
  id: "route-timeout",
  feature: "timeouts",
  section: "timeouts",
  description: "a request slower than the route timeout gets 504 upstream request timeout, at the timeout",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const vantage = t.vantage ?? "direct";
    const bounds = timeoutBoundsMs(t.timeoutMs);
    const at = (path: string): TrafficRequest => ({ url: new URL(path, t.url).toString(), method: "GET", headers: {}, host: t.host });
    const controlRequest = at(t.controlPath);
    const record = (req: TrafficRequest, o: Outcome | undefined, expect: string, ok: boolean): TimedRequestRecord => {
      const body = o && bodyExcerpt(o);
      return { vantage, method: "GET", url: req.url, expect, observed: o ? observedKey(o) : "error:OTHER", ...(body !== undefined ? { body } : {}), ok, latencyMs: Math.round(o?.latencyMs ?? 0) };
    };

    let requests = 0;
    let lastControl: Outcome | undefined;
    const convergence = await awaitConvergence(
      async () => {
        const [o] = await sender.sendBatch(controlRequest, 1);
        requests++;
        lastControl = o;
        return o?.kind === "response" && o.status < 300 && o.destination !== undefined ? true : o ? observedKey(o) : "error:OTHER";
      },
      ctx.timing,
      ctx.signal,
    );
    const controlOk = convergence.converged;
    const control = record(controlRequest, lastControl, `2xx from the app within ${t.timeoutMs} ms`, controlOk);
    if (!controlOk) {
      return {
        status: "error",
        summary: `positive control ${t.controlPath} never answered 2xx ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot tell a timeout from a broken route`,
        requests,
        evidence: { kind: "timeout", convergence, timeoutMs: t.timeoutMs, boundsMs: bounds, control, slow: [] },
      };
    }

    const slowRequest = at(t.path);
    // The sender must outwait the upper bound, or its own timeout would be mistaken for the mesh's.
    const timeoutMs = Math.max(ctx.timing.requestTimeoutMs, bounds[1] + 1_000);
    const outcomes = await sender.sendBatch(slowRequest, TIMEOUT_SLOW_REQUESTS, { concurrency: TIMEOUT_SLOW_REQUESTS, timeoutMs });
    requests += outcomes.length;
    const expect = `504 "${TIMEOUT_BODY}" after ${bounds[0]}–${bounds[1]} ms`;
    const slow = outcomes.map((o) => {
      const ok = o.kind === "response" && o.status === 504 && (o.body ?? "").includes(TIMEOUT_BODY) && o.latencyMs >= bounds[0] && o.latencyMs <= bounds[1];
      return record(slowRequest, o, expect, ok);
    });
    const evidence = { kind: "timeout" as const, convergence, timeoutMs: t.timeoutMs, boundsMs: bounds, control, slow };
    const seen = slow.map((s) => `${s.observed} in ${s.latencyMs} ms`).join(", ");
    if (slow.every((s) => s.ok)) {
      return { status: "pass", summary: `cut at the ${t.timeoutMs} ms timeout with 504 (${seen}); control answered 2xx`, requests, evidence };
    }
    const answered = outcomes.some((o) => o.kind === "response" && o.status < 300);
    return {
      status: "fail",
      summary: answered
        ? `requests slower than the ${t.timeoutMs} ms timeout were answered anyway (${seen}): the route timeout is not enforced`
        : `expected ${expect}, got ${seen}`,
      requests,
      evidence,
    };
  },
};
