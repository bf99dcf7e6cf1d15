// The seam between the engine (or a check) and a vantage: something that sends a request N
// times from somewhere and returns one Outcome per request.

import { CannotTestError } from "../errors.js";
import type { IdentifyRule, Vantage } from "../../spec/profile/types.js";
import type { Outcome } from "./outcome.js";
import type { TrafficRequest } from "./request.js";

export interface SenderOptions {
  /** Per-request deadline: from the send to the last body byte (queueing, connect, headers and body). */
  timeoutMs: number;
  /** How to name the destination of a response (the profile's `identify`). */
  identify?: IdentifyRule;
  /** Keep response headers / body (capped) on outcomes. Default true; the benchmark turns them off. */
  capture?: { headers?: boolean; body?: boolean };
  /** Upper bound on connections per origin (direct and tls). Default 64. */
  connections?: number;
  /** A fresh connection for every request instead of keep-alive. Default false. */
  newConnectionPerRequest?: boolean;
  /** Name of the vantage, for SenderError messages. */
  vantageName?: string;
}

export interface SendOptions {
  /** Overrides SenderOptions.timeoutMs for this call. */
  timeoutMs?: number;
  /** At most this many of a batch at once (default 1: one after another). */
  concurrency?: number;
  /** Aborts in-flight requests; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface Sender {
  readonly kind: Vantage["kind"];
  /**
   * Sends `req` once. Resolves with the outcome, including failed requests (kind "error");
   * rejects only with SenderError (the vantage itself is broken) or on abort.
   */
  send(req: TrafficRequest, opts?: SendOptions): Promise<Outcome>;
  /** Sends `req` n times; outcomes in send order. Same rejection rules as send(). */
  sendBatch(req: TrafficRequest, n: number, opts?: SendOptions): Promise<Outcome[]>;
  /** Releases connections; in-flight requests are aborted. */
  close(): Promise<void>;
}

/**
 * The vantage is broken (forwarder unreachable, answering 4xx/5xx or garbage; tls files
 * unreadable), as opposed to a request through it failing, which is an ErrorOutcome.
 */
export class SenderError extends CannotTestError {
  constructor(
    message: string,
    readonly vantage: string | undefined,
  ) {
    super(message);
  }
}
