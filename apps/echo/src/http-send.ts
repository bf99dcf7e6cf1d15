// Small response helpers shared by the service and admin ports.
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Statuses that must not carry content (RFC 9110 §15.3.5, §15.3.6, §15.4.5). */
const NO_CONTENT = new Set([204, 205, 304]);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  if (NO_CONTENT.has(status)) {
    // A body (or a non-zero Content-Length) here corrupts the connection for the next request.
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    ...headers,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Parses the request target; undefined when it is not a URL we can route (e.g. `*`). */
export function requestUrl(target: string | undefined): URL | undefined {
  if (target === undefined || !(target.startsWith("/") || /^https?:\/\//i.test(target))) {
    return undefined;
  }
  try {
    return new URL(target, "http://localhost");
  } catch {
    return undefined;
  }
}
