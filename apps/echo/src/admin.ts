// The admin port: health and the forwarder. Bound to loopback by default; in Kubernetes it is
// reached by port-forward only, because the forwarder sends traffic with this workload's identity.
// Every request passes admin-guard first: loopback Host, nothing from a web page; /forward also
// needs the run's token and a JSON body.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { refuseBrowser, refuseCaller, type AdminRefusal } from "./admin-guard.js";
import { runForward } from "./forwarder.js";
import { validateForward } from "./forward-validate.js";
import { requestUrl, sendJson, sendText } from "./http-send.js";
import type { WorkloadIdentity } from "./identity.js";
import { FORWARD_LIMITS, type ForwardResponse } from "../../../spec/echo/protocol.js";
import { readRequestBody } from "./read-request.js";

export interface AdminContext {
  self: WorkloadIdentity;
  outboundProxy: string | undefined;
  draining: () => boolean;
  /** The per-run secret a caller must send in x-meshcheck-token to use /forward. */
  token: string;
}

/** Room for `body` (JSON may escape it to several times its size) plus the other fields. */
const MAX_FORWARD_REQUEST_BYTES = FORWARD_LIMITS.maxBodyBytes * 4;

function refuse(req: IncomingMessage, res: ServerResponse, r: AdminRefusal): void {
  req.resume();
  sendJson(res, r.status, { error: r.error }, { ...r.headers, connection: "close" });
}

async function forward(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = refuseCaller(req.headers, ctx.token);
  if (refused) return refuse(req, res, refused);
  const read = await readRequestBody(req, MAX_FORWARD_REQUEST_BYTES);
  if (!read.ok) {
    return sendJson(res, 400, { error: `request body is larger than ${MAX_FORWARD_REQUEST_BYTES} bytes` });
  }
  const valid = validateForward(read.text);
  if (!valid.ok) return sendJson(res, 400, { error: valid.error });

  // If the caller goes away (or shutdown destroys the connection), stop sending on its behalf.
  const cancel = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) cancel.abort();
  });
  const outcomes = await runForward(valid.plan, {
    signal: cancel.signal,
    ...(ctx.outboundProxy !== undefined ? { outboundProxy: ctx.outboundProxy } : {}),
  });
  if (res.destroyed) return;
  const answer: ForwardResponse = { from: { ...ctx.self }, outcomes };
  sendJson(res, 200, answer, ctx.draining() ? { connection: "close" } : {});
}

function route(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const refused = refuseBrowser(req.headers);
  if (refused) return refuse(req, res, refused);
  const url = requestUrl(req.url);
  const method = req.method ?? "GET";
  if (url?.pathname === "/healthz") {
    req.resume();
    if (method !== "GET" && method !== "HEAD") {
      return sendJson(res, 405, { error: `${method} not allowed on /healthz; use GET` }, { allow: "GET, HEAD" });
    }
    return sendText(res, 200, "ok");
  }
  if (url?.pathname === "/forward") {
    if (method !== "POST") {
      req.resume();
      return sendJson(res, 405, { error: `${method} not allowed on /forward; use POST` }, { allow: "POST" });
    }
    return forward(ctx, req, res);
  }
  req.resume();
  sendJson(res, 404, { error: `no admin endpoint "${url?.pathname ?? req.url ?? ""}"; try POST /forward or GET /healthz` });
}

export function adminHandler(ctx: AdminContext): RequestListener {
  return (req, res) => {
    if (ctx.draining()) res.setHeader("connection", "close");
    Promise.resolve(route(ctx, req, res)).catch((err: unknown) => {
      // Nothing in route() should throw on input; if something does, answer rather than crash.
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      sendJson(res, 500, { error: `forwarder failed: ${err instanceof Error ? err.message : String(err)}` });
    });
  };
}
