// The `forwarder` vantage: an echo workload's admin endpoint sends the requests from inside
// the mesh, with that workload's identity. One POST carries a whole batch (ForwardRequest with
// count/concurrency), which is how in-mesh vantages send traffic efficiently.
//
// Two kinds of failure are kept apart: a request through the forwarder that fails is an
// ErrorOutcome; a forwarder that is unreachable, answers 4xx/5xx or breaks the protocol is a
// SenderError (the vantage is broken, so nothing can be concluded from it).

import { Agent, request } from "undici";
import { ADMIN_TOKEN_HEADER } from "../../spec/echo/admin-token.js";
import { FORWARD_LIMITS, type ForwardOutcome, type ForwardRequest, type ForwardResponse } from "../../spec/echo/protocol.js";
import type { IdentifyRule, Vantage } from "../../spec/profile/types.js";
import { errorMessage } from "./classify-error.js";
import { classifyError } from "../../apps/echo/src/forward-errors.js";
import { destinationFromBody, destinationFromHeaders, destinationFromJson } from "./identify.js";
import { BODY_CAP_BYTES, type Outcome } from "./outcome.js";
import { headersWithHost, type TrafficRequest } from "./request.js";
import { SenderError, type SendOptions, type Sender, type SenderOptions } from "./sender.js";

export type ForwarderVantage = Extract<Vantage, { kind: "forwarder" }>;

/** Time the forwarder itself may add on top of the requests it sends. */
const CALL_SLACK_MS = 5_000;
/**
 * Bytes the forwarder's answer may take per outcome: a raw body is cut to 4 KiB by the
 * forwarder, an echo reply is a few KiB, headers are bounded by undici's 16 KiB limit. An
 * answer longer than this (count × this + 64 KiB, at most MAX_REPLY_BYTES) is a broken vantage.
 */
const REPLY_BYTES_PER_OUTCOME = 128 * 1024;
const MAX_REPLY_BYTES = 256 << 20;
/** How much of a failing forwarder's answer goes into the error message. */
const ERROR_SNIPPET = 200;

export class ForwarderSender implements Sender {
  readonly kind = "forwarder";
  readonly #agent = new Agent({ connections: 8, pipelining: 1 });
  readonly #name: string;

  constructor(
    readonly vantage: ForwarderVantage,
    readonly opts: SenderOptions,
  ) {
    if (!(opts.timeoutMs > 0)) throw new RangeError(`sender: timeoutMs must be > 0, got ${opts.timeoutMs}`);
    this.#name = opts.vantageName ?? vantage.url;
  }

  async send(req: TrafficRequest, opts?: SendOptions): Promise<Outcome> {
    const [o] = await this.sendBatch(req, 1, opts);
    if (o === undefined) throw new SenderError(`vantage ${this.#name}: forwarder returned no outcome`, this.opts.vantageName);
    return o;
  }

  async sendBatch(req: TrafficRequest, n: number, opts?: SendOptions): Promise<Outcome[]> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`batch size must be a whole number >= 0, got ${n}`);
    const out: Outcome[] = [];
    // Larger batches than the forwarder accepts are split into several calls.
    while (out.length < n) {
      const count = Math.min(n - out.length, FORWARD_LIMITS.maxCount);
      for (const o of await this.#call(req, count, opts)) out.push(o);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  async #call(req: TrafficRequest, count: number, opts: SendOptions | undefined): Promise<Outcome[]> {
    const timeoutMs = Math.min(opts?.timeoutMs ?? this.opts.timeoutMs, FORWARD_LIMITS.maxTimeoutMs);
    const concurrency = Math.max(1, Math.min(opts?.concurrency ?? 1, count, FORWARD_LIMITS.maxConcurrency));
    const body: ForwardRequest = {
      url: req.url,
      method: req.method,
      headers: headersWithHost(req),
      count,
      concurrency,
      timeoutMs,
      ...(req.body === undefined ? {} : { body: req.body }),
      ...(this.opts.newConnectionPerRequest ? { newConnectionPerRequest: true } : {}),
    };
    // One overall deadline for the call (undici's timers below only fire on an idle connection).
    const callTimeout = timeoutMs * Math.ceil(count / concurrency) + CALL_SLACK_MS;
    const deadline = AbortSignal.timeout(callTimeout);
    const signal = opts?.signal === undefined ? deadline : AbortSignal.any([opts.signal, deadline]);
    const maxBytes = Math.min(MAX_REPLY_BYTES, count * REPLY_BYTES_PER_OUTCOME + 64 * 1024);
    let status: number;
    let text: string;
    try {
      const res = await request(this.vantage.url, {
        dispatcher: this.#agent,
        method: "POST",
        // The forwarder answers only its run's token and JSON (apps/echo/src/admin-guard.ts).
        headers: { "content-type": "application/json", [ADMIN_TOKEN_HEADER]: this.vantage.token },
        body: JSON.stringify(body),
        headersTimeout: callTimeout,
        bodyTimeout: callTimeout,
        signal,
      });
      status = res.statusCode;
      text = await readCapped(res.body, maxBytes);
    } catch (e) {
      if (opts?.signal?.aborted) throw opts.signal.reason;
      if (deadline.aborted) throw this.#broken(`did not answer ${count} requests within ${callTimeout} ms`);
      if (e instanceof ReplyTooLarge) throw this.#broken(`answered more than ${maxBytes} bytes for ${count} requests`);
      throw this.#broken(`is unreachable: ${classifyError(e)} (${errorMessage(e)})`);
    }
    if (status !== 200) throw this.#broken(`answered ${status}: ${snippet(text)}`);
    let parsed: ForwardResponse;
    try {
      parsed = JSON.parse(text) as ForwardResponse;
    } catch {
      throw this.#broken(`answered non-JSON: ${snippet(text)}`);
    }
    if (!Array.isArray(parsed?.outcomes) || parsed.outcomes.length !== count) {
      throw this.#broken(`answered ${Array.isArray(parsed?.outcomes) ? parsed.outcomes.length : "no"} outcomes for ${count} requests`);
    }
    return parsed.outcomes.map((o) => toOutcome(o, this.opts));
  }

  #broken(what: string): SenderError {
    return new SenderError(`vantage ${this.#name}: forwarder ${this.vantage.url} ${what}`, this.opts.vantageName);
  }
}

export function createForwarderSender(vantage: ForwarderVantage, opts: SenderOptions): Sender {
  return new ForwarderSender(vantage, opts);
}

/** One forwarded request's result as an Outcome, identified by the same rule as direct sends. */
export function toOutcome(o: ForwardOutcome, opts: Pick<SenderOptions, "identify" | "capture">): Outcome {
  if (!o.ok) return { kind: "error", code: o.error, message: o.message, latencyMs: o.durationMs };
  const rule: IdentifyRule | undefined = opts.identify;
  const text = o.echo === undefined ? o.body : JSON.stringify(o.echo);
  // An answer whose body broke off names no destination (as the direct sender: outcome-handler.ts).
  const destination =
    o.bodyError !== undefined
      ? undefined
      : (destinationFromHeaders(rule, o.headers) ?? (o.echo === undefined ? destinationFromBody(rule, o.body) : destinationFromJson(rule, o.echo)));
  return {
    ...(o.bodyError === undefined ? {} : { bodyError: { code: o.bodyError.error, message: o.bodyError.message } }),
    kind: "response",
    status: o.status,
    destination,
    body: opts.capture?.body === false || text === undefined ? undefined : capText(text),
    headers: opts.capture?.headers === false ? undefined : o.headers,
    latencyMs: o.durationMs,
  };
}

class ReplyTooLarge extends Error {
  override name = "ReplyTooLarge";
}

/** The forwarder's answer as text, refusing (and dropping the connection) past `max` bytes. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      const err = new ReplyTooLarge(`more than ${max} bytes`);
      body.destroy(err);
      throw err;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

function capText(text: string): string {
  const buf = Buffer.from(text, "utf8");
  return buf.length <= BODY_CAP_BYTES ? text : buf.subarray(0, BODY_CAP_BYTES).toString("utf8");
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > ERROR_SNIPPET ? `${line.slice(0, ERROR_SNIPPET)}…` : line || "(empty body)";
}
