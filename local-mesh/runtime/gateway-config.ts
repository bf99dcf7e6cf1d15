// What the ingress gateway serves, computed from the model: the Gateways that select its pods,
// the hosts they accept, and the VirtualService routes bound to them for a given Host.
import type { HttpRoute, MeshModel, VirtualService } from "../../manifests/types.js";
import { boundTo, selectedGateways } from "../../manifests/gateway-binding.js";
import { hostAdmits, serverHostname } from "../../manifests/hosts.js";

export interface BoundRoute {
  route: HttpRoute;
  /** The VirtualService's namespace: short destination hosts resolve against it. */
  namespace: string;
  virtualService: string;
}

/** Envoy matches a request's Host against its domains ignoring case. */
const admitsRequestHost = (pattern: string, host: string) => hostAdmits(pattern.toLowerCase(), host.toLowerCase());

/** How specific a matching host pattern is: exact beats longer wildcard beats `*` (Envoy vhost order). */
function specificity(pattern: string): number {
  if (pattern === "*") return 0;
  if (pattern.startsWith("*")) return pattern.length;
  return 10_000 + pattern.length;
}

/** Routes for a request Host (port already stripped), in the order Envoy would try them. */
export function routesForHost(model: MeshModel, host: string): BoundRoute[] {
  const gateways = selectedGateways(model).filter((g) =>
    g.servers.some((s) => s.hosts.some((h) => admitsRequestHost(serverHostname(h), host))),
  );
  if (gateways.length === 0) return [];
  const candidates: { vs: VirtualService; score: number; order: number }[] = [];
  model.virtualServices.forEach((vs, order) => {
    if (!gateways.some((g) => boundTo(vs, g))) return;
    const scores = vs.hosts.filter((h) => admitsRequestHost(h, host)).map(specificity);
    if (scores.length > 0) candidates.push({ vs, score: Math.max(...scores), order });
  });
  if (candidates.length === 0) return [];
  // Envoy picks one virtual host (the most specific domain); Istio merges the VirtualServices
  // that share it, routes concatenated in order.
  const best = Math.max(...candidates.map((c) => c.score));
  return candidates
    .filter((c) => c.score === best)
    .sort((a, b) => a.order - b.order)
    .flatMap((c) => c.vs.http.map((route) => ({ route, namespace: c.vs.namespace, virtualService: c.vs.name })));
}
