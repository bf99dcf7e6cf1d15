// The admin port: health and the forwarder. Bound to loopback by default; in Kubernetes it is
// reached by port-forward only, because the forwarder sends traffic with this workload's identity.
import type { RequestListener } from "node:http";
import { requestUrl, sendJson, sendText } from "./http-send.js";
import type { WorkloadIdentity } from "./identity.js";

export interface AdminContext {
  self: WorkloadIdentity;
  draining: () => boolean;
}

export function adminHandler(ctx: AdminContext): RequestListener {
  return (req, res) => {
    req.resume();
    const base = ctx.draining() ? { connection: "close" } : {};
    const url = requestUrl(req.url);
    if (url?.pathname === "/healthz") return sendText(res, 200, "ok", base);
    sendJson(res, 404, { error: `no such admin endpoint "${url?.pathname ?? req.url ?? ""}"` }, base);
  };
}
