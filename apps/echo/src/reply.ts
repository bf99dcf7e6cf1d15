// Builds the EchoReply body: what the service port tells a caller about the request it saw.
import type { IncomingMessage } from "node:http";
import type { WorkloadIdentity } from "./identity.js";
import type { EchoReply } from "../../../spec/echo/protocol.js";
import { callerFromXfcc } from "./xfcc.js";

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

function headerRecord(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function buildReply(self: WorkloadIdentity, req: IncomingMessage, url: URL): EchoReply {
  const reply: EchoReply = {
    service: self.service,
    version: self.version,
    pod: self.pod,
    namespace: self.namespace,
    method: req.method ?? "GET",
    path: url.pathname,
    query: queryRecord(url.searchParams),
    headers: headerRecord(req),
  };
  const caller = callerFromXfcc(req.headers["x-forwarded-client-cert"]);
  if (caller !== undefined) reply.caller = caller;
  return reply;
}
