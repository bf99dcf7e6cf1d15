// circuit-breaking: the DestinationRule's connection pool (maxActive requests upstream, maxPending
// queued) is enforced. A few sequential requests must succeed first (the positive control: an
// overflow from a destination that is down proves nothing); then a burst of 3 × (maxActive +
// maxPending) + 2 requests, sent at once to a slow path, must get at most what the pool admits
// and Envoy's overflow 503 for the rest:
//
//   successes ≤ maxActive + maxPending + maxActive × ⌊2B / D⌋
//
// where B is how long the client took to send the burst and D the fastest success's latency
// (a slot is held at least half of it — the stated assumption): requests sent after a slot
// freed up may take it. When that allowance reaches the pool's own size (a slow client spread
// the burst), a pool twice as large would pass too: the verdict is inconclusive, not a pass.
// The burst is capped at the sender's connections per origin (one HTTP/1.1 request each): a
// larger one would queue in the client, not at the proxy; a pool that needs more is an error.

import type { Outcome } from "../../traffic/outcome.js";
import { DEFAULT_CONNECTIONS } from "../../traffic/http-sender.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { ObservedCounts, RequestRecord } from "../../check-kit/records.js";
import { bodyExcerpt, countInto } from "../../check-kit/observe.js";
import { observedKey } from "../../../spec/outcome.js";
import { whole2xx } from "../../check-kit/expect.js";
import { sampleRecord } from "../../check-kit/sample.js";
import type { CircuitBreakingEvidence } from "./evidence.js";
import type { FeatureDefinition } from "../feature.js";
import { circuitBreakingHtml, circuitBreakingLines } from "./render.js";

/** Sequential requests of the positive control. */
const CONTROLS = 3;
/** The burst is this many times the pool's capacity (plus 2): most of it must overflow. */
const BURST_FACTOR = 3;
/** The most requests the check sends at once: one connection each, and no more than the sender opens. */
export const MAX_BURST = DEFAULT_CONNECTIONS;

const OVERFLOW_REASON = "reset reason: overflow";

/** Envoy marks circuit-breaker answers with x-envoy-overloaded; its reset body names the overflow. */
export function isOverflow(o: Outcome): boolean {
  if (o.kind !== "response" || o.status !== 503) return false;
  return o.headers?.["x-envoy-overloaded"] === "true" || (o.body ?? "").includes(OVERFLOW_REASON);
}

const isSuccess = (o: Outcome) => whole2xx.test(o);

/** The burst for a pool; undefined when it would exceed MAX_BURST. */
export function burstSize(maxActive: number, maxPending: number): number | undefined {
  const n = BURST_FACTOR * (maxActive + maxPending) + 2;
  return Number.isSafeInteger(n) && n <= MAX_BURST ? n : undefined;
}

/** Requests a slot may finish while the burst is still being sent: maxActive × ⌊2B / D⌋. */
export function finishedDuringBurst(maxActive: number, spreadMs: number, fastestSuccessMs: number): number {
  if (!(fastestSuccessMs > 0)) return 0;
  return maxActive * Math.floor((2 * spreadMs) / fastestSuccessMs);
}

export const circuitBreaking: CheckDefinition<"circuitBreaking", CircuitBreakingEvidence> = {
  id: "circuit-breaking",
  feature: "circuit-breaking",
  section: "circuitBreaking",
  concurrency: "timing",
  description: "a burst beyond the DestinationRule's connection pool gets Envoy's overflow 503 for the excess; one at a time succeeds",
  async run(ctx, t) {
    const capacity = t.maxActive + t.maxPending;
    const n = burstSize(t.maxActive, t.maxPending);
    const evidenceBase = { kind: "circuit-breaking" as const, maxActive: t.maxActive, maxPending: t.maxPending, maxBurst: MAX_BURST };
    const noBurst = { path: t.slowPath, sent: 0, succeeded: 0, overflowed: 0, other: {} };
    if (n === undefined) {
      return {
        status: "error",
        summary: `a pool of ${t.maxActive} active + ${t.maxPending} pending needs a burst of ${BURST_FACTOR} × ${capacity} + 2 requests; this check sends at most ${MAX_BURST} at once (one connection each), so it cannot test a pool larger than ${Math.floor((MAX_BURST - 2) / BURST_FACTOR)}`,
        requests: 0,
        evidence: { ...evidenceBase, controls: [], burst: noBurst },
      };
    }
    const sender = ctx.sender(t.vantage);
    const headers = {};
    // The positive control: a few requests one at a time, each a whole 2xx.
    const controlRequest = { url: t.url, method: "GET", headers, host: t.host };
    const controls: RequestRecord[] = [];
    for (let i = 0; i < CONTROLS; i++) controls.push((await sampleRecord(sender, t.vantage ?? "direct", controlRequest, whole2xx, { body: "when-missed", caller: false })).record);
    const bad = controls.find((c) => !c.ok);
    if (bad) {
      return {
        status: "error",
        summary: `positive control failed: GET ${t.url} got ${bad.observed}, expected 2xx — an overflow would prove nothing`,
        requests: controls.length,
        evidence: { ...evidenceBase, controls, burst: noBurst },
      };
    }

    const url = new URL(t.slowPath, t.url).toString();
    const request = { url, method: "GET", headers, host: t.host };
    // Each send is timed from its call: B is the spread of the calls.
    const calls: number[] = [];
    const burst = await Promise.all(
      Array.from({ length: n }, () => {
        calls.push(performance.now());
        return sender.send(request, { signal: ctx.signal });
      }),
    );
    const spreadMs = Math.round(Math.max(...calls) - Math.min(...calls));
    let succeeded = 0;
    let overflowed = 0;
    let timedOut = 0;
    let fastestSuccessMs = Infinity;
    let overflowSample: string | undefined;
    const other: ObservedCounts = {};
    for (const o of burst) {
      if (isSuccess(o)) {
        succeeded++;
        fastestSuccessMs = Math.min(fastestSuccessMs, o.latencyMs);
      } else if (isOverflow(o)) {
        overflowed++;
        if (overflowSample === undefined && o.kind === "response") {
          overflowSample = `${o.status} x-envoy-overloaded: ${o.headers?.["x-envoy-overloaded"] ?? "(absent)"} ${JSON.stringify(bodyExcerpt(o) ?? "")}`;
        }
      } else {
        if (o.kind === "error" && o.code === "TIMEOUT") timedOut++;
        countInto(other, observedKey(o));
      }
    }
    const fastest = Number.isFinite(fastestSuccessMs) ? Math.round(fastestSuccessMs) : undefined;
    const finished = finishedDuringBurst(t.maxActive, spreadMs, fastest ?? 0);
    const admits = capacity + finished;
    const evidence = {
      ...evidenceBase,
      controls,
      burst: { path: t.slowPath, sent: n, succeeded, overflowed, other, ...(overflowSample !== undefined && { overflowSample }), spreadMs, ...(fastest !== undefined && { fastestSuccessMs: fastest }), finishedDuringBurst: finished, admits },
    };
    const requests = controls.length + n;
    const pool = `pool: ${t.maxActive} active + ${t.maxPending} pending`;
    const allowance = finished > 0 ? ` + ${finished} the pool could finish while the burst took ${spreadMs} ms to send` : "";
    const counts = `${succeeded} succeeded, ${overflowed} overflowed of ${n} sent at once to ${t.slowPath} (${pool}${allowance}: at most ${admits} may succeed)`;
    const others = Object.keys(other).length > 0 ? `; other answers: ${Object.entries(other).map(([k, v]) => `${k}×${v}`).join(", ")}` : "";
    const verdict = (status: "pass" | "fail" | "inconclusive", summary: string) => ({ status, summary, requests, evidence });
    if (Object.keys(other).length > timedOut) return verdict("fail", `${counts}${others}`);
    if (succeeded > admits) return verdict("fail", `more got through than the pool admits: ${counts} — the limits are larger than configured${others}`);
    if (timedOut > 0) return verdict("inconclusive", `${counts}${others}: no answer within the request timeout, which a slow client and a hung proxy share`);
    if (succeeded === 0) return verdict("fail", `nothing got through: ${counts}`);
    if (admits >= n) return verdict("inconclusive", `${counts}: the burst took so long to send that the pool could have admitted all of it — nothing is proven`);
    if (overflowed === 0) return verdict("fail", `no overflow: ${counts} — the connection pool limits are not enforced`);
    if (finished >= capacity) return verdict("inconclusive", `${counts}: within the allowance, but the allowance is as large as the pool, so a pool twice as large would pass too`);
    return verdict("pass", `${counts}; the rest overflowed with Envoy's 503`);
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const circuitBreakingFeature: FeatureDefinition<CircuitBreakingEvidence> = { kind: "circuit-breaking", check: circuitBreaking, text: circuitBreakingLines, html: circuitBreakingHtml };
