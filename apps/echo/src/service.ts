// The service port: answers every request with an EchoReply, plus the health, status, delay
// and failure-injection knobs the conformance checks lean on. It has no forwarder on purpose:
// anything reachable here is reachable by every caller in the mesh.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { finished } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { requestUrl, sendJson, sendText } from "./http-send.js";
import type { WorkloadIdentity } from "./identity.js";
import { parseDelayMs, parseFailurePlan, parseStatus, shouldFail } from "./knobs.js";
import { buildReply } from "./reply.js";

export interface ServiceContext {
  self: WorkloadIdentity;
  failureRatio: number;
  random: () => number;
  /** True once shutdown began: readyz fails and answers close their connection. */
  draining: () => boolean;
}

async function handle(ctx: ServiceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Read and discard the body first, so a keep-alive connection is clean for the next request.
  req.resume();
  await finished(req);

  const base = { "x-version": ctx.self.version, ...(ctx.draining() ? { connection: "close" } : {}) };
  const url = requestUrl(req.url);
  if (url === undefined) {
    sendJson(res, 400, { error: `unroutable request target "${req.url ?? ""}"` }, base);
    return;
  }

  if (url.pathname === "/healthz") return sendText(res, 200, "ok", base);
  if (url.pathname === "/readyz") {
    return ctx.draining() ? sendText(res, 503, "shutting down", base) : sendText(res, 200, "ok", base);
  }

  let status = 200;
  let delayMs = 0;
  const statusMatch = /^\/status\/([^/]*)$/.exec(url.pathname);
  const delayMatch = /^\/delay\/([^/]*)$/.exec(url.pathname);
  if (statusMatch) {
    const parsed = parseStatus(statusMatch[1] ?? "", "status");
    if (!parsed.ok) return sendJson(res, 400, { error: parsed.error }, base);
    status = parsed.value;
  } else if (delayMatch) {
    const parsed = parseDelayMs(delayMatch[1] ?? "");
    if (!parsed.ok) return sendJson(res, 400, { error: parsed.error }, base);
    delayMs = parsed.value;
  }

  const plan = parseFailurePlan(url.searchParams, ctx.failureRatio);
  if (!plan.ok) return sendJson(res, 400, { error: plan.error }, base);
  const reply = buildReply(ctx.self, req, url);
  // Injected failures answer at once, like Envoy's fault abort: the caller sees the status
  // without the delay.
  if (shouldFail(plan.value, ctx.random)) {
    return sendJson(res, plan.value.status, reply, { ...base, "x-echo-failed": "1" });
  }

  if (delayMs > 0) {
    // Abort the timer if the connection goes away (client gone, or destroyed at shutdown).
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    try {
      await sleep(delayMs, undefined, { signal: gone.signal });
    } catch {
      return;
    }
  }
  // Re-check: shutdown may have begun while we waited.
  const headers = ctx.draining() ? { ...base, connection: "close" } : base;
  sendJson(res, status, reply, headers);
}

export function serviceHandler(ctx: ServiceContext): RequestListener {
  return (req, res) => {
    handle(ctx, req, res).catch(() => {
      // The request stream failed (client aborted): there is nobody left to answer.
      if (!res.headersSent && !res.destroyed) res.destroy();
    });
  };
}
