// A Prometheus histogram loaded from counts that were bucketed elsewhere (the run report's
// cumulative latency buckets). prom-client's Histogram only learns by observe(), which cannot
// reproduce a report's buckets and sum exactly, so this collector renders the report's own
// numbers: `_bucket{le}` per bound plus `+Inf`, `_sum` and `_count`.

import type { Metric, Registry } from "prom-client";

export interface Buckets {
  /** Upper bounds, ascending, in the unit of the metric (seconds). */
  le: number[];
  /** Cumulative counts, one per bound. */
  cumulative: number[];
  /** Every observation, also those above the last bound (the `+Inf` bucket). */
  count: number;
  sum: number;
}

interface SampleValue {
  metricName: string;
  labels: Record<string, string>;
  value: number;
}

export class BucketedHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly #series: { labels: Record<string, string>; buckets: Buckets }[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** Adds one series; rejects buckets that are not a valid cumulative histogram. */
  load(labels: Record<string, string>, buckets: Buckets): void {
    if ("le" in labels) throw new Error(`${this.name}: le is a reserved label of histograms`);
    const { le, cumulative, count } = buckets;
    if (le.length !== cumulative.length) throw new Error(`${this.name}: ${le.length} bounds but ${cumulative.length} counts`);
    for (let i = 0; i < le.length; i++) {
      if (i > 0 && !(le[i]! > le[i - 1]!)) throw new Error(`${this.name}: bounds must ascend`);
      if (cumulative[i]! < (i > 0 ? cumulative[i - 1]! : 0) || cumulative[i]! > count) {
        throw new Error(`${this.name}: counts must be cumulative and at most count`);
      }
    }
    this.#series.push({ labels, buckets });
  }

  /** What prom-client's Registry reads from a metric to render it. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: SampleValue[] }> {
    const values: SampleValue[] = [];
    for (const { labels, buckets } of this.#series) {
      buckets.le.forEach((le, i) => values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: String(le) }, value: buckets.cumulative[i]! }));
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: buckets.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: buckets.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: buckets.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.#series.length = 0;
  }

  // The Registry renders any object with name, help, type and get() (prom-client's own
  // metrics are duck-typed the same way); its typings only list the four built-in classes.
  registerIn(registry: Registry): void {
    registry.registerMetric(this as unknown as Metric);
  }
}
