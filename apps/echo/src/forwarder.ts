// Sends a ForwardPlan's requests with bounded concurrency and reports one outcome per request,
// in send order. Keep-alive by default (one pool of at most `concurrency` connections per call);
// `newConnectionPerRequest` dials afresh each time, which is how connection-level mesh
// behaviour (e.g. per-connection vs per-request balancing) is told apart.
import { performance } from "node:perf_hooks";
import { Client, Pool, type Dispatcher } from "undici";
import { classifyError, messageOf } from "./forward-errors.js";
import type { ForwardPlan } from "./forward-validate.js";
import type { ForwardErrorCode, ForwardOutcome } from "../../../spec/echo/protocol.js";
import { readResponseBody, ResponseTooLarge } from "./read-response.js";

export interface ForwardOptions {
  /** Origin dialled instead of the URL's host (the local mesh's sidecar outbound port). */
  outboundProxy?: string;
  /** Aborts every request still running (the caller went away, or shutdown). */
  signal: AbortSignal;
}

/** A timeout we set ourselves, so the outcome says TIMEOUT whatever undici was doing. */
class ForwardTimeout extends Error {
  override name = "ForwardTimeout";
  readonly code = "ETIMEDOUT";
}

class ForwardCancelled extends Error {
  override name = "ForwardCancelled";
}

function dispatcherOptions(plan: ForwardPlan): Pool.Options {
  return {
    // undici's own timers are backstops; the per-request abort below is the real bound.
    connect: { timeout: plan.timeoutMs },
    headersTimeout: plan.timeoutMs,
    bodyTimeout: plan.timeoutMs,
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}

/**
 * One request, bounded by one overall deadline from send to the last body byte (undici's own
 * timers only fire on an idle connection). Once the status line is in, the outcome is an
 * answer with that status, also when the body then fails (bodyError says how): a mesh that
 * answered plaintext with a 200 and then closed did answer.
 */
async function sendOne(
  dispatcher: Dispatcher,
  plan: ForwardPlan,
  signal: AbortSignal,
): Promise<ForwardOutcome> {
  const start = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new ForwardTimeout(`no complete answer within ${plan.timeoutMs} ms`)), plan.timeoutMs);
  const onCancel = (): void => abort.abort(new ForwardCancelled("forward cancelled"));
  signal.addEventListener("abort", onCancel, { once: true });
  const why = (err: unknown): { error: ForwardErrorCode; message: string } => {
    const reason = abort.signal.aborted ? (abort.signal.reason as unknown) : err;
    return { error: reason instanceof ForwardTimeout ? "TIMEOUT" : classifyError(reason), message: messageOf(reason) };
  };
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcher.request({
        path: plan.url.pathname + plan.url.search,
        method: plan.method as Dispatcher.HttpMethod,
        // The URL's authority goes in Host even when we dial a proxy: that is what the mesh routes on.
        headers: { host: plan.url.host, ...plan.headers },
        body: plan.body ?? null,
        signal: abort.signal,
      });
    } catch (err) {
      return { ok: false, ...why(err), durationMs: elapsed(start) };
    }
    const answer = { ok: true as const, status: res.statusCode, headers: flattenHeaders(res.headers) };
    try {
      return { ...answer, ...(await readResponseBody(res.body)), durationMs: elapsed(start) };
    } catch (err) {
      res.body.destroy();
      if (err instanceof ResponseTooLarge) {
        return { ...answer, ...err.partial, bodyError: { error: "TOO_LARGE", message: err.message }, durationMs: elapsed(start) };
      }
      return { ...answer, bodyError: why(err), durationMs: elapsed(start) };
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onCancel);
  }
}

export async function runForward(plan: ForwardPlan, opts: ForwardOptions): Promise<ForwardOutcome[]> {
  const origin = opts.outboundProxy ?? plan.url.origin;
  const outcomes: ForwardOutcome[] = new Array<ForwardOutcome>(plan.count);
  const pool = plan.newConnectionPerRequest
    ? undefined
    : new Pool(origin, { ...dispatcherOptions(plan), connections: plan.concurrency });

  const sendFresh = async (): Promise<ForwardOutcome> => {
    const client = new Client(origin, dispatcherOptions(plan));
    try {
      return await sendOne(client, plan, opts.signal);
    } finally {
      await client.destroy();
    }
  };

  // `concurrency` workers pull the next index: at most that many requests are ever in flight.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.count) {
      const index = next++;
      if (opts.signal.aborted) {
        outcomes[index] = { ok: false, error: "OTHER", message: "forward cancelled", durationMs: 0 };
        continue;
      }
      outcomes[index] = pool ? await sendOne(pool, plan, opts.signal) : await sendFresh();
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
  } finally {
    await pool?.destroy();
  }
  return outcomes;
}
