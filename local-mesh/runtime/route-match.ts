// VirtualService HTTP route selection: routes in order, first match wins; a route's match list
// is OR, the conditions inside one match are AND. Weighted destinations are drawn per request.
import type { HttpMatch, HttpRoute, RouteDestination, StringMatch } from "../../manifests/types.js";

export interface RouteRequest {
  /** Header names lower-cased (as node:http gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** Path including any query string, as on the request line. */
  path: string;
  method: string;
}

/** Envoy string match. Regex is RE2 full-match; JS RegExp anchored is close enough here. */
export function stringMatches(m: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return compiled(m.regex)?.test(value) ?? false;
  return false;
}

const regexCache = new Map<string, RegExp | undefined>();

/** Compiled, anchored; an invalid pattern matches nothing rather than throwing per request. */
function compiled(regex: string): RegExp | undefined {
  if (!regexCache.has(regex)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${regex})$`);
    } catch {
      re = undefined;
    }
    regexCache.set(regex, re);
  }
  return regexCache.get(regex);
}

function headerValue(headers: RouteRequest["headers"], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  // Envoy matches repeated headers against their comma-joined value.
  return Array.isArray(v) ? v.join(",") : v;
}

export function matchApplies(m: HttpMatch, req: RouteRequest): boolean {
  for (const [name, sm] of Object.entries(m.headers ?? {})) {
    if (!stringMatches(sm, headerValue(req.headers, name))) return false;
  }
  // VirtualService uri matches the path without the query string.
  if (m.uri && !stringMatches(m.uri, req.path.split("?")[0])) return false;
  if (m.method && !stringMatches(m.method, req.method.toUpperCase())) return false;
  return true;
}

export function selectRoute(routes: HttpRoute[], req: RouteRequest): HttpRoute | undefined {
  return routes.find((r) => !r.match || r.match.length === 0 || r.match.some((m) => matchApplies(m, req)));
}

/**
 * One weighted draw. `random` returns [0, 1). A single destination without weight gets 100;
 * destinations whose weights are all absent share equally (Istio requires weights otherwise).
 */
export function pickDestination(route: HttpRoute, random: () => number): RouteDestination | undefined {
  const dests = route.route;
  if (dests.length <= 1) return dests[0];
  const weights = dests.map((d) => d.weight ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return dests[Math.floor(random() * dests.length)];
  let x = random() * total;
  for (let i = 0; i < dests.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0 && (weights[i] ?? 0) > 0) return dests[i];
  }
  // Floating point edge: the last destination with weight.
  return [...dests].reverse().find((d) => (d.weight ?? 0) > 0);
}

/** Host header without port (IPv6 literals keep their brackets). */
export function stripPort(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const i = host.lastIndexOf(":");
  return i >= 0 ? host.slice(0, i) : host;
}
