// Answers the proxy makes itself (404, 403, 503 …), shaped like Envoy's local replies.
import type { ServerResponse } from "node:http";

export function sendLocalReply(res: ServerResponse, status: number, body = ""): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string | number> = { "content-length": Buffer.byteLength(body), server: "istio-envoy" };
  if (body) headers["content-type"] = "text/plain";
  res.writeHead(status, headers);
  res.end(body);
}
