// An undici dispatch handler that turns one exchange into an Outcome without streams: the
// body is read only when it is captured or needed to identify the destination, and then only
// up to a cap; the rest is drained so the connection can be reused.
//
// Bounds (undici's headersTimeout/bodyTimeout only fire on an idle connection, so a server
// trickling a byte at a time would never trip them):
// - one overall deadline per request, from dispatch to the last body byte;
// - at most MAX_RESPONSE_BODY_BYTES of body, kept or drained.
// Either ends the exchange. Once the status line is in, the outcome is a response with that
// status and a bodyError, never an error (outcome.ts: one rule for "answered").

import type { Dispatcher } from "undici";
import { MAX_RESPONSE_BODY_BYTES } from "../../spec/echo/protocol.js";
import type { IdentifyRule } from "../../spec/profile/types.js";
import { errorMessage } from "./classify-error.js";
import { classifyError } from "../../apps/echo/src/forward-errors.js";
import { destinationFromBody, destinationFromHeaders } from "./identify.js";
import { BODY_CAP_BYTES, type BodyErrorCode, type Outcome } from "./outcome.js";

/** Bodies up to this size are kept for JSON identification (an echo reply fits easily). */
const IDENTIFY_CAP_BYTES = 64 * 1024;

export interface HandlerConfig {
  identify: IdentifyRule | undefined;
  captureHeaders: boolean;
  captureBody: boolean;
}

type IncomingHeaders = Record<string, string | string[] | undefined>;

/** Our own ends of an exchange, told apart from the peer's by identity, not by message. */
class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
  readonly code = "ETIMEDOUT";
}
class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

export class OutcomeHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  /** Why we end the exchange ourselves (caller's abort, deadline, size); set once. */
  #ending: Error | undefined;
  #settled = false;
  #answered = false;
  #status = 0;
  #headers: Record<string, string> | undefined;
  #destination: string | undefined;
  #chunks: Buffer[] | undefined;
  #kept = 0;
  #received = 0;
  #cap = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #start = performance.now();

  /** `tracked` is the set of in-flight handlers its abort signal must reach; left on settle. */
  constructor(
    readonly config: HandlerConfig,
    readonly timeoutMs: number,
    readonly resolve: (o: Outcome) => void,
    readonly reject: (reason: Error) => void,
    readonly tracked: Set<OutcomeHandler> | undefined,
  ) {
    this.#timer = setTimeout(() => this.#end(new DeadlineExceeded(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  }

  /** The caller's abort: the send rejects with `reason` (before or after the request started). */
  abort(reason: Error): void {
    this.#end(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#ending !== undefined) controller.abort(this.#ending);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: IncomingHeaders): void {
    this.#answered = true;
    this.#status = status;
    const { identify, captureHeaders, captureBody } = this.config;
    if (captureHeaders) this.#headers = flatten(headers);
    this.#destination = destinationFromHeaders(identify, headers);
    const needJson = this.#destination === undefined && identify?.jsonField !== undefined;
    this.#cap = needJson ? IDENTIFY_CAP_BYTES : captureBody ? BODY_CAP_BYTES : 0;
    if (this.#cap > 0) this.#chunks = [];
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#received += chunk.length;
    if (this.#received > MAX_RESPONSE_BODY_BYTES) {
      this.#end(new BodyTooLarge(`body longer than ${MAX_RESPONSE_BODY_BYTES} bytes`));
      return;
    }
    if (this.#chunks === undefined || this.#kept >= this.#cap) return;
    const take = Math.min(chunk.length, this.#cap - this.#kept);
    this.#chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
    this.#kept += take;
  }

  onResponseEnd(): void {
    if (this.#settle()) this.resolve(this.#response());
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (this.#ending !== undefined) return; // already settled by #end
    if (!this.#settle()) return;
    if (this.#answered) {
      this.resolve(this.#response({ code: classifyError(err), message: errorMessage(err) }));
      return;
    }
    this.resolve({ kind: "error", code: classifyError(err), message: errorMessage(err), latencyMs: performance.now() - this.#start });
  }

  /** Ends the exchange ourselves and settles at once: a queued request never waits for a connection. */
  #end(reason: Error): void {
    if (this.#ending !== undefined || this.#settled) return;
    this.#ending = reason;
    this.#controller?.abort(reason);
    if (!this.#settle()) return;
    if (reason instanceof DeadlineExceeded || reason instanceof BodyTooLarge) {
      const code: BodyErrorCode = reason instanceof BodyTooLarge ? "TOO_LARGE" : "TIMEOUT";
      if (this.#answered) this.resolve(this.#response({ code, message: reason.message }));
      else this.resolve({ kind: "error", code: "TIMEOUT", message: reason.message, latencyMs: performance.now() - this.#start });
      return;
    }
    this.reject(reason);
  }

  /** True the first time only: every path settles through here. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.tracked?.delete(this);
    return true;
  }

  #response(bodyError?: { code: BodyErrorCode; message: string }): Outcome {
    const latencyMs = performance.now() - this.#start;
    let body: string | undefined;
    // An answer whose body broke off names no destination (its headers may say one, but the
    // exchange failed: checks must not count it as that destination answering).
    let destination = bodyError === undefined ? this.#destination : undefined;
    if (this.#chunks !== undefined) {
      const all = Buffer.concat(this.#chunks, this.#kept);
      if (destination === undefined && bodyError === undefined) destination = destinationFromBody(this.config.identify, all.toString("utf8"));
      if (this.config.captureBody) body = all.subarray(0, BODY_CAP_BYTES).toString("utf8");
    }
    return { kind: "response", status: this.#status, destination, body, headers: this.#headers, latencyMs, ...(bodyError === undefined ? {} : { bodyError }) };
  }
}

function flatten(headers: IncomingHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
