// An undici dispatch handler that turns one exchange into an Outcome without streams: the
// body is read only when it is captured or needed to identify the destination, and then only
// up to a cap; the rest is drained so the connection can be reused.

import type { Dispatcher } from "undici";
import type { IdentifyRule } from "../profile/types.js";
import { classifyError, errorMessage } from "./classify-error.js";
import { destinationFromBody, destinationFromHeaders } from "./identify.js";
import { BODY_CAP_BYTES, type Outcome } from "./outcome.js";

/** Bodies up to this size are kept for JSON identification (an echo reply fits easily). */
const IDENTIFY_CAP_BYTES = 64 * 1024;

export interface HandlerConfig {
  identify: IdentifyRule | undefined;
  captureHeaders: boolean;
  captureBody: boolean;
}

type IncomingHeaders = Record<string, string | string[] | undefined>;

export class OutcomeHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #abortReason: Error | undefined;
  #status = 0;
  #headers: Record<string, string> | undefined;
  #destination: string | undefined;
  #chunks: Buffer[] | undefined;
  #bytes = 0;
  #cap = 0;
  readonly #start = performance.now();

  /** `tracked` is the set of in-flight handlers its abort signal must reach; left on settle. */
  constructor(
    readonly config: HandlerConfig,
    readonly resolve: (o: Outcome) => void,
    readonly reject: (reason: Error) => void,
    readonly tracked: Set<OutcomeHandler> | undefined,
  ) {}

  /** Aborts the request (before or after it started); the handler then calls `fail`. */
  abort(reason: Error): void {
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: IncomingHeaders): void {
    this.#status = status;
    const { identify, captureHeaders, captureBody } = this.config;
    if (captureHeaders) this.#headers = flatten(headers);
    this.#destination = destinationFromHeaders(identify, headers);
    const needJson = this.#destination === undefined && identify?.jsonField !== undefined;
    this.#cap = needJson ? IDENTIFY_CAP_BYTES : captureBody ? BODY_CAP_BYTES : 0;
    if (this.#cap > 0) this.#chunks = [];
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#chunks === undefined || this.#bytes >= this.#cap) return;
    const take = Math.min(chunk.length, this.#cap - this.#bytes);
    this.#chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
    this.#bytes += take;
  }

  onResponseEnd(): void {
    const latencyMs = performance.now() - this.#start;
    let body: string | undefined;
    let destination = this.#destination;
    if (this.#chunks !== undefined) {
      const all = Buffer.concat(this.#chunks, this.#bytes);
      if (destination === undefined) destination = destinationFromBody(this.config.identify, all.toString("utf8"));
      if (this.config.captureBody) body = all.subarray(0, BODY_CAP_BYTES).toString("utf8");
    }
    this.tracked?.delete(this);
    this.resolve({ kind: "response", status: this.#status, destination, body, headers: this.#headers, latencyMs });
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.tracked?.delete(this);
    if (this.#abortReason !== undefined) {
      this.reject(this.#abortReason);
      return;
    }
    const latencyMs = performance.now() - this.#start;
    this.resolve({ kind: "error", code: classifyError(err), message: errorMessage(err), latencyMs });
  }
}

function flatten(headers: IncomingHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
