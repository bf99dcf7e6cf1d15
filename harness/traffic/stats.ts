// Running totals of a traffic run. Memory stays flat: counters and one histogram, no
// per-request records unless asked for.

import { LatencyHistogram, type LatencySummary } from "./latency-histogram.js";
import { statusClass, type ErrorCode, type Outcome, type StatusClass } from "./outcome.js";

export type StopReason = "maxRequests" | "duration" | "stop" | "signal";

/** Serialisable summary of a run (plain JSON: no Maps, no class instances). */
export interface TrafficStats {
  /** Outcomes counted (responses + errors). */
  requests: number;
  responses: number;
  errors: number;
  /** Responses below 500 whose body broke off (reset, close, timeout, too large): failed requests, not errors. */
  brokenAnswers: number;
  /** Responses per identified destination. */
  byDestination: Record<string, number>;
  /** Responses whose destination could not be identified. */
  unidentified: number;
  byStatus: Record<string, number>;
  byStatusClass: Record<StatusClass, number>;
  byError: Partial<Record<ErrorCode, number>>;
  latency: LatencySummary;
  /** Requests started but not counted because the run stopped (aborted in flight). */
  abandoned: number;
  durationMs: number;
  requestsPerSec: number;
  stoppedBy: StopReason;
  /** Every counted outcome in completion order; only with `record: true`. */
  records?: Outcome[];
}

export class StatsAccumulator {
  requests = 0;
  #responses = 0;
  #errors = 0;
  #broken = 0;
  #unidentified = 0;
  readonly #byDestination = new Map<string, number>();
  readonly #byStatus = new Map<number, number>();
  readonly #byClass: Record<StatusClass, number> = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  readonly #byError = new Map<ErrorCode, number>();
  readonly #latency = new LatencyHistogram();
  readonly #records: Outcome[] | undefined;

  constructor(record: boolean) {
    this.#records = record ? [] : undefined;
  }

  add(o: Outcome): void {
    this.requests++;
    this.#latency.record(o.latencyMs);
    this.#records?.push(o);
    if (o.kind === "error") {
      this.#errors++;
      this.#byError.set(o.code, (this.#byError.get(o.code) ?? 0) + 1);
      return;
    }
    this.#responses++;
    if (o.bodyError !== undefined && o.status < 500) this.#broken++;
    this.#byStatus.set(o.status, (this.#byStatus.get(o.status) ?? 0) + 1);
    this.#byClass[statusClass(o.status)]++;
    if (o.destination === undefined) this.#unidentified++;
    else this.#byDestination.set(o.destination, (this.#byDestination.get(o.destination) ?? 0) + 1);
  }

  summary(extra: { abandoned: number; durationMs: number; stoppedBy: StopReason }): TrafficStats {
    const sorted = <K>(m: Map<K, number>): [K, number][] => [...m].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return {
      requests: this.requests,
      responses: this.#responses,
      errors: this.#errors,
      brokenAnswers: this.#broken,
      byDestination: Object.fromEntries(sorted(this.#byDestination)),
      unidentified: this.#unidentified,
      byStatus: Object.fromEntries(sorted(this.#byStatus).map(([k, v]) => [String(k), v])),
      byStatusClass: { ...this.#byClass },
      byError: Object.fromEntries(sorted(this.#byError)),
      latency: this.#latency.summary(),
      abandoned: extra.abandoned,
      durationMs: extra.durationMs,
      requestsPerSec: extra.durationMs > 0 ? (this.requests * 1000) / extra.durationMs : 0,
      stoppedBy: extra.stoppedBy,
      ...(this.#records === undefined ? {} : { records: this.#records }),
    };
  }
}
