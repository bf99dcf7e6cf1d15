// Sends from the harness host over HTTP(S) with an undici Agent: keep-alive, a bounded number
// of connections per origin, and a stream-free dispatch handler. Both the `direct` and the
// `tls` vantages are this sender with different connect options.

import type { ConnectionOptions } from "node:tls";
import { Agent, type Dispatcher } from "undici";
import type { Vantage } from "../../spec/profile/types.js";
import { OutcomeHandler, type HandlerConfig } from "./outcome-handler.js";
import type { Outcome } from "./outcome.js";
import { prepareRequest, type TrafficRequest } from "./request.js";
import type { SendOptions, Sender, SenderOptions } from "./sender.js";
import { sendInLanes } from "./send-lanes.js";

export const DEFAULT_CONNECTIONS = 64;

export class HttpSender implements Sender {
  readonly #agent: Agent;
  readonly #config: HandlerConfig;
  readonly #timeoutMs: number;
  readonly #reset: boolean;
  /** In-flight handlers per abort signal, so one listener per signal aborts them all. */
  readonly #bySignal = new WeakMap<AbortSignal, Set<OutcomeHandler>>();
  /** Full dispatch options per request and timeout, built once. */
  readonly #dispatchCache = new WeakMap<TrafficRequest, { timeoutMs: number; opts: Dispatcher.DispatchOptions }>();

  constructor(
    readonly kind: Vantage["kind"],
    opts: SenderOptions,
    tls: ConnectionOptions = {},
  ) {
    if (!(opts.timeoutMs > 0)) throw new RangeError(`sender: timeoutMs must be > 0, got ${opts.timeoutMs}`);
    this.#timeoutMs = opts.timeoutMs;
    this.#reset = opts.newConnectionPerRequest ?? false;
    this.#config = {
      identify: opts.identify,
      captureHeaders: opts.capture?.headers ?? true,
      captureBody: opts.capture?.body ?? true,
    };
    this.#agent = new Agent({
      connections: opts.connections ?? DEFAULT_CONNECTIONS,
      pipelining: 1,
      connect: { ...tls, timeout: opts.timeoutMs },
    });
  }

  send(req: TrafficRequest, opts?: SendOptions): Promise<Outcome> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const timeoutMs = opts?.timeoutMs ?? this.#timeoutMs;
    const dispatchOpts = this.#dispatchOptions(req, timeoutMs);
    return new Promise<Outcome>((resolve, reject) => {
      const tracked = signal === undefined ? undefined : this.#track(signal);
      // The handler holds the overall deadline; undici's own timers below are idle-time backstops.
      const handler = new OutcomeHandler(this.#config, timeoutMs, resolve, reject, tracked);
      tracked?.add(handler);
      this.#agent.dispatch(dispatchOpts, handler);
    });
  }

  sendBatch(req: TrafficRequest, n: number, opts?: SendOptions): Promise<Outcome[]> {
    return sendInLanes(n, opts?.concurrency ?? 1, () => this.send(req, opts));
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  #dispatchOptions(req: TrafficRequest, timeoutMs: number): Dispatcher.DispatchOptions {
    const hit = this.#dispatchCache.get(req);
    if (hit !== undefined && hit.timeoutMs === timeoutMs) return hit.opts;
    const opts = { ...prepareRequest(req), headersTimeout: timeoutMs, bodyTimeout: timeoutMs, reset: this.#reset };
    this.#dispatchCache.set(req, { timeoutMs, opts });
    return opts;
  }

  #track(signal: AbortSignal): Set<OutcomeHandler> {
    let set = this.#bySignal.get(signal);
    if (set === undefined) {
      const handlers = new Set<OutcomeHandler>();
      set = handlers;
      this.#bySignal.set(signal, handlers);
      signal.addEventListener(
        "abort",
        () => {
          const reason = signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
          for (const h of [...handlers]) h.abort(reason);
        },
        { once: true },
      );
    }
    return set;
  }
}
