// What to send. One TrafficRequest is sent many times, so its undici form is built once and
// cached (the hot path must not re-parse the URL per request): treat a sent request as immutable.

import type { Dispatcher } from "undici";

export interface TrafficRequest {
  /** Absolute http(s) URL; its host:port is where the connection goes. */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Host header to send (addresses a virtual host through a gateway at 127.0.0.1). */
  host?: string;
  body?: string;
}

/** Dispatch options minus the per-send knobs; cached per request object. */
export type PreparedRequest = Dispatcher.DispatchOptions & { origin: string };

const cache = new WeakMap<TrafficRequest, PreparedRequest>();

export function prepareRequest(req: TrafficRequest): PreparedRequest {
  let p = cache.get(req);
  if (p === undefined) {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new TypeError(`traffic request: not a valid URL: ${req.url}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`traffic request: ${req.url} is not http(s)`);
    }
    const headers: Record<string, string> = { ...req.headers };
    if (req.host !== undefined) headers.host = req.host;
    p = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method.toUpperCase() as Dispatcher.HttpMethod,
      headers,
      body: req.body ?? null,
    };
    cache.set(req, p);
  }
  return p;
}

/** The request with the Host override folded into its headers (for the forwarder protocol). */
export function headersWithHost(req: TrafficRequest): Record<string, string> {
  return req.host === undefined ? { ...req.headers } : { ...req.headers, host: req.host };
}
