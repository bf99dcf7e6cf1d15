// The traffic engine: sends one request many times through a Sender with bounded concurrency,
// counts the outcomes and reports through a listener. It never prints.
//
// Two load models:
// - closed (default): `concurrency` requests in flight, each replaced as soon as it finishes.
// - fixed rate (`ratePerSec`): request i is scheduled at start + i/rate. When the target is
//   slow and every slot is busy, requests go out late, and their latency is measured from the
//   scheduled time, not the actual send (coordinated-omission correction): a stall shows up as
//   the latency users would have seen, instead of silently sending less.
//
// Stopping: when `stop` returns true, when `signal` aborts or `durationMs` passes, no further
// requests start and the ones in flight are aborted at once. Their outcomes are not counted
// (stats.abandoned says how many). So the counts hold exactly the outcomes up to and including
// the one that triggered the stop. A forwarder batch in flight is aborted as a whole; the
// forwarder may still finish sending it.

import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Outcome } from "./outcome.js";
import type { TrafficRequest } from "./request.js";
import type { SendOptions, Sender } from "./sender.js";
import { StatsAccumulator, type StopReason, type TrafficStats } from "./stats.js";

export interface TrafficListener {
  /** Each counted outcome, in completion order; `seq` counts from 0. */
  outcome?(o: Outcome, seq: number): void;
  /** The run finished (not emitted when it rejects). */
  done?(stats: TrafficStats): void;
}

export interface TrafficOptions {
  sender: Sender;
  request: TrafficRequest;
  /** Upper bound on requests in flight. */
  concurrency: number;
  /** Send at most this many; may be Infinity when durationMs is set. */
  maxRequests: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Requests per Sender call (default 1). A forwarder sends a whole batch in one call. */
  batchSize?: number;
  /** Fixed-rate mode: schedule this many requests per second (batchSize must be 1). */
  ratePerSec?: number;
  /** Stop as soon as this returns true for a counted outcome. */
  stop?: (o: Outcome) => boolean;
  signal?: AbortSignal;
  /** Keep every outcome in stats.records (memory grows with the run). */
  record?: boolean;
  on?: TrafficListener;
}

/**
 * Runs traffic and resolves with its stats, also when stopped by `stop`, `signal` or the
 * duration. Rejects with the sender's error when the vantage itself breaks (SenderError).
 */
export async function runTraffic(opts: TrafficOptions): Promise<TrafficStats> {
  const { sender, request, concurrency, maxRequests, timeoutMs, stop, on } = opts;
  const batchSize = opts.batchSize ?? 1;
  validate(opts, batchSize);

  const stats = new StatsAccumulator(opts.record ?? false);
  const abort = new AbortController();
  let stoppedBy: StopReason | undefined;
  let fatal: { error: unknown } | undefined;
  let claimed = 0;
  let abandoned = 0;
  let seq = 0;
  const finish = (why: StopReason): void => {
    if (stoppedBy !== undefined) return;
    stoppedBy = why;
    abort.abort(new Error(`traffic stopped: ${why}`));
  };

  const onCallerAbort = (): void => finish("signal");
  opts.signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (opts.signal?.aborted) finish("signal");
  const timer = opts.durationMs === undefined ? undefined : setTimeout(() => finish("duration"), opts.durationMs);

  const accept = (o: Outcome): void => {
    if (stoppedBy !== undefined) {
      abandoned++;
      return;
    }
    stats.add(o);
    on?.outcome?.(o, seq++);
    if (stop?.(o) === true) finish("stop");
  };

  const inner = Math.min(batchSize, concurrency);
  const sendOpts: SendOptions = { timeoutMs, signal: abort.signal, concurrency: inner };
  const interval = opts.ratePerSec === undefined ? 0 : 1000 / opts.ratePerSec;
  const start = performance.now();
  const workers = Math.max(1, Math.floor(concurrency / inner));
  // Each worker holds at most one listener on this signal at a time (its paced sleep or its
  // send), plus the sender's one shared listener: a known bound, not a leak, so Node's default
  // of 10 would warn on every run with more workers (`meshcheck load` runs 64).
  setMaxListeners(workers + 2, abort.signal);

  const worker = async (): Promise<void> => {
    while (stoppedBy === undefined && claimed < maxRequests) {
      const k = Math.min(batchSize, maxRequests - claimed);
      const first = claimed;
      claimed += k;
      const due = start + first * interval;
      if (interval > 0 && due > performance.now()) {
        try {
          await sleep(due - performance.now(), undefined, { signal: abort.signal });
        } catch {
          return; // stopped while waiting: this request never started
        }
      }
      try {
        if (k === 1) {
          const o = await sender.send(request, sendOpts);
          if (interval > 0) o.latencyMs = performance.now() - due;
          accept(o);
        } else {
          for (const o of await sender.sendBatch(request, k, sendOpts)) accept(o);
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          fatal = { error };
          finish("signal");
        }
        abandoned += k;
        return;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onCallerAbort);
  }
  if (fatal !== undefined) throw fatal.error;
  const result = stats.summary({ abandoned, durationMs: performance.now() - start, stoppedBy: stoppedBy ?? "maxRequests" });
  on?.done?.(result);
  return result;
}

function validate(o: TrafficOptions, batchSize: number): void {
  const bad = (what: string): never => {
    throw new RangeError(`runTraffic: ${what}`);
  };
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) bad(`concurrency must be a whole number >= 1, got ${o.concurrency}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) bad(`batchSize must be a whole number >= 1, got ${batchSize}`);
  if (!(o.timeoutMs > 0)) bad(`timeoutMs must be > 0, got ${o.timeoutMs}`);
  if (!(o.maxRequests >= 0) || (Number.isFinite(o.maxRequests) && !Number.isInteger(o.maxRequests))) bad(`maxRequests must be a whole number >= 0, got ${o.maxRequests}`);
  if (!Number.isFinite(o.maxRequests) && o.durationMs === undefined) bad("maxRequests may be Infinity only with durationMs");
  if (o.durationMs !== undefined && !(o.durationMs > 0)) bad(`durationMs must be > 0, got ${o.durationMs}`);
  if (o.ratePerSec !== undefined && !(o.ratePerSec > 0 && Number.isFinite(o.ratePerSec))) bad(`ratePerSec must be > 0, got ${o.ratePerSec}`);
  if (o.ratePerSec !== undefined && batchSize !== 1) bad("ratePerSec needs batchSize 1");
}
