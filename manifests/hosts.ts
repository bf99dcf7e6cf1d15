// Istio host names and patterns: `name`, `*.suffix` or `*`. One definition of what a pattern
// admits, for preflight (does a Gateway serve a VirtualService's host?) and for the local
// mesh's gateway (which routes does a request's Host reach?). Compared as written: Istio binds
// hosts by string; Envoy's case-insensitive Host match is the request side's to apply, by
// lower-casing both before asking.

/**
 * Does `pattern` admit `host`? `host` is a name, or itself a pattern standing for every name it
 * admits: `*` admits everything; `*.x` admits what ends in `.x` with at least one character
 * before it (so `*.a.x`, not `x`); a name admits only itself.
 */
export function hostAdmits(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/**
 * Do two host patterns share a name? How Istio binds a VirtualService host to a Gateway server
 * host: either may be the wider one (`*` binds to `a.x`, and `a.x` to `*.x`).
 */
export function hostsOverlap(a: string, b: string): boolean {
  return hostAdmits(a, b) || hostAdmits(b, a);
}

/** A Gateway server host without its `namespace/` prefix (which VirtualService namespaces may bind). */
export function serverHostname(serverHost: string): string {
  const i = serverHost.indexOf("/");
  return i >= 0 ? serverHost.slice(i + 1) : serverHost;
}
