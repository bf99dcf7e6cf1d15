// Running shares (and their intervals) at log-spaced request counts, for the report's "share vs requests" chart.
// Log spacing shows the noisy start and the settled tail in a bounded number of points.
import type { TracePoint } from "./types.js";

export const MAX_TRACE_POINTS = 200;

export class LogSpacedTrace {
  readonly points: TracePoint[] = [];
  private index = 0;
  private next = 1;
  // One point is kept back for the final request count.
  private readonly spaced = MAX_TRACE_POINTS - 1;

  constructor(private readonly budget: number) {}

  /** True when `requests` is a checkpoint; the caller then calls record(). */
  due(requests: number): boolean {
    return this.index < this.spaced && requests >= this.next;
  }

  record(requests: number, shares: Record<string, number>, intervals?: Record<string, [number, number]>): void {
    this.points.push({ requests, shares, ...(intervals ? { intervals } : {}) });
    this.index += 1;
    const target = Math.ceil(Math.pow(this.budget, this.index / (this.spaced - 1)));
    this.next = Math.max(requests + 1, target);
  }

  /** Adds the last count if it is not already the latest point. */
  close(requests: number, shares: Record<string, number>, intervals?: Record<string, [number, number]>): void {
    const last = this.points[this.points.length - 1];
    if (requests > 0 && last?.requests !== requests) this.points.push({ requests, shares, ...(intervals ? { intervals } : {}) });
  }
}
