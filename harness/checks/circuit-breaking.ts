// circuit-breaking: the DestinationRule's connection pool (maxActive requests upstream, maxPending
// queued) is enforced. A few sequential requests must succeed first (the positive control: an
// overflow from a destination that is down proves nothing); then a burst well beyond the limits,
// sent at once to a slow path, must get some answers and Envoy's overflow 503 for the rest.

import type { Outcome } from "../traffic/outcome.js";
import type { CheckDefinition } from "./types.js";
import type { ObservedCounts, RequestRecord } from "./evidence.js";
import { bodyExcerpt, countInto, isWhole2xx, observedKey } from "./observe.js";

/** Sequential requests of the positive control. */
const CONTROLS = 3;
/** The burst is this many times the pool's capacity (plus 2): most of it must overflow. */
const BURST_FACTOR = 3;

const OVERFLOW_REASON = "reset reason: overflow";

/** Envoy marks circuit-breaker answers with x-envoy-overloaded; its reset body names the overflow. */
export function isOverflow(o: Outcome): boolean {
  if (o.kind !== "response" || o.status !== 503) return false;
  return o.headers?.["x-envoy-overloaded"] === "true" || (o.body ?? "").includes(OVERFLOW_REASON);
}

const isSuccess = (o: Outcome) => isWhole2xx(o);

export const circuitBreaking: CheckDefinition<"circuitBreaking"> = {
  id: "circuit-breaking",
  feature: "circuit-breaking",
  section: "circuitBreaking",
  description: "a burst beyond the DestinationRule's connection pool gets Envoy's overflow 503 for the excess; one at a time succeeds",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const headers = {};
    const controls: RequestRecord[] = [];
    for (let i = 0; i < CONTROLS; i++) {
      const [o] = await sender.sendBatch({ url: t.url, method: "GET", headers, host: t.host }, 1);
      const ok = o !== undefined && isSuccess(o);
      const body = o && !ok ? bodyExcerpt(o) : undefined;
      controls.push({ vantage: t.vantage ?? "direct", method: "GET", url: t.url, expect: "2xx", observed: o ? observedKey(o) : "error:OTHER", ...(body !== undefined && { body }), ok });
    }
    const capacity = t.maxActive + t.maxPending;
    const n = BURST_FACTOR * capacity + 2;
    const evidenceBase = { kind: "circuit-breaking" as const, maxActive: t.maxActive, maxPending: t.maxPending, controls };
    const bad = controls.find((c) => !c.ok);
    if (bad) {
      return {
        status: "error",
        summary: `positive control failed: GET ${t.url} got ${bad.observed}, expected 2xx — an overflow would prove nothing`,
        requests: controls.length,
        evidence: { ...evidenceBase, burst: { path: t.slowPath, sent: 0, succeeded: 0, overflowed: 0, other: {} } },
      };
    }

    const url = new URL(t.slowPath, t.url).toString();
    const burst = await sender.sendBatch({ url, method: "GET", headers, host: t.host }, n, { concurrency: n });
    let succeeded = 0;
    let overflowed = 0;
    let overflowSample: string | undefined;
    const other: ObservedCounts = {};
    for (const o of burst) {
      if (isSuccess(o)) succeeded++;
      else if (isOverflow(o)) {
        overflowed++;
        if (overflowSample === undefined && o.kind === "response") {
          overflowSample = `${o.status} x-envoy-overloaded: ${o.headers?.["x-envoy-overloaded"] ?? "(absent)"} ${JSON.stringify(bodyExcerpt(o) ?? "")}`;
        }
      } else countInto(other, observedKey(o));
    }
    const evidence = { ...evidenceBase, burst: { path: t.slowPath, sent: n, succeeded, overflowed, other, ...(overflowSample !== undefined && { overflowSample }) } };
    const counts = `${succeeded} succeeded, ${overflowed} overflowed of ${n} sent at once to ${t.slowPath} (pool: ${t.maxActive} active + ${t.maxPending} pending)`;
    const others = Object.keys(other).length > 0 ? `; other answers: ${Object.entries(other).map(([k, v]) => `${k}×${v}`).join(", ")}` : "";
    let status: "pass" | "fail" = "pass";
    let why = counts;
    if (overflowed === 0) {
      status = "fail";
      why = `no overflow: ${counts} — the connection pool limits are not enforced${others}`;
    } else if (succeeded === 0) {
      status = "fail";
      why = `nothing got through: ${counts}${others}`;
    } else if (others !== "") {
      status = "fail";
      why = `${counts}${others}`;
    }
    return { status, summary: why, requests: controls.length + n, evidence };
  },
};
