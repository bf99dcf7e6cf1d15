// Latency percentiles from an HdrHistogram: constant memory however many requests, 3
// significant digits. Values are recorded in microseconds and reported in milliseconds.

import { build, type Histogram } from "hdr-histogram-js";

export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class LatencyHistogram {
  readonly #h: Histogram = build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1, autoResize: true, useWebAssembly: false });

  record(latencyMs: number): void {
    this.#h.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
  }

  summary(): LatencySummary {
    const h = this.#h;
    const ms = (us: number): number => Math.round(us) / 1000;
    if (h.totalCount === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    return {
      count: h.totalCount,
      minMs: ms(h.minNonZeroValue),
      meanMs: ms(h.mean),
      p50Ms: ms(h.getValueAtPercentile(50)),
      p90Ms: ms(h.getValueAtPercentile(90)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      maxMs: ms(h.maxValue),
    };
  }
}
