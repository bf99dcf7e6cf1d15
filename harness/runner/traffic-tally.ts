// Every request a check sends is counted, per check, by wrapping its senders: the checks stay
// about deciding, and the report (and Prometheus) still get requests by destination and
// outcome plus a latency histogram. Counters only: memory stays flat.

import type { Sender } from "../traffic/sender.js";
import { sendInLanes } from "../traffic/send-lanes.js";
import type { Outcome } from "../traffic/outcome.js";
import { StatsAccumulator } from "../traffic/stats.js";
import type { TrafficSummary } from "../report/types.js";

/** Upper bounds (ms) of the latency buckets reported for Prometheus-style histograms. */
export const LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

export class TrafficTally {
  readonly #acc = new StatsAccumulator(false);
  readonly #buckets = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0);
  #sumMs = 0;

  add(o: Outcome): void {
    this.#acc.add(o);
    this.#sumMs += o.latencyMs;
    const i = LATENCY_BUCKETS_MS.findIndex((le) => o.latencyMs <= le);
    if (i >= 0) this.#buckets[i]!++;
  }

  summary(): TrafficSummary {
    const s = this.#acc.summary({ abandoned: 0, durationMs: 0, stoppedBy: "maxRequests" });
    let running = 0;
    const cumulative = this.#buckets.map((c) => (running += c));
    return {
      requests: s.requests,
      responses: s.responses,
      errors: s.errors,
      byDestination: s.byDestination,
      unidentified: s.unidentified,
      byStatus: s.byStatus,
      byError: s.byError,
      latency: s.latency,
      latencyHistogram: { leMs: [...LATENCY_BUCKETS_MS], cumulative, count: s.requests, sumMs: Math.round(this.#sumMs * 1000) / 1000 },
    };
  }
}

/** `inner`, counting every answer in `t` (one check's tally: a shared sender gets one such view per check). */
export function tallied(inner: Sender, t: TrafficTally): Sender {
  const tally = () => t;
  return {
    kind: inner.kind,
    async send(req, opts) {
      const o = await inner.send(req, opts);
      tally().add(o);
      return o;
    },
    async sendBatch(req, n, opts) {
      // Request by request where the vantage sends them one by one, so a batch cut short by an
      // interrupt still counts the answers it got; a forwarder's batch is one call either way.
      if (inner.kind === "forwarder") {
        const os = await inner.sendBatch(req, n, opts);
        const t = tally();
        for (const o of os) t.add(o);
        return os;
      }
      return sendInLanes(n, opts?.concurrency ?? 1, async () => {
        const o = await inner.send(req, opts);
        tally().add(o);
        return o;
      });
    },
    close: () => inner.close(),
  };
}
