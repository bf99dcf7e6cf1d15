// What the ingress gateway serves, computed from the model: the Gateways that select its pods,
// the hosts they accept, and the VirtualService routes bound to them for a given Host. The
// Gateway API's istio-class Gateways are served here too, on their own hosts: the HTTPRoutes
// attached to them, in the Gateway API's precedence order.
import type { GatewayHttpRoute, HttpRoute, MeshModel, VirtualService } from "../../manifests/types.js";
import { boundTo, selectedGateways } from "../../manifests/gateway-binding.js";
import { gatewayAttachments, rankedRoutes } from "../../manifests/gateway-api-routes.js";
import { hostAdmits, serverHostname } from "../../manifests/hosts.js";

export interface BoundRoute {
  route: HttpRoute;
  /** The VirtualService's namespace: short destination hosts resolve against it. */
  namespace: string;
  /** The VirtualService's name, or the HTTPRoute's. */
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
  const istio = virtualServiceCandidates(model, host);
  const gatewayApi = httpRouteCandidates(model, host);
  // One virtual host wins: the most specific domain. The two APIs on one host is a conflict
  // preflight reports (httproute-vs-host); here the VirtualServices keep it, as the gateway
  // they bind to existed first.
  const best = Math.max(-1, ...istio.map((c) => c.score), ...gatewayApi.map((c) => c.score));
  if (best < 0) return [];
  const vs = istio.filter((c) => c.score === best);
  if (vs.length > 0) {
    // Istio merges the VirtualServices that share it, routes concatenated in order.
    return vs
      .sort((a, b) => a.order - b.order)
      .flatMap((c) => c.vs.http.map((route) => ({ route, namespace: c.vs.namespace, virtualService: c.vs.name })));
  }
  // HTTPRoutes sharing the host: every match of every rule ranked together.
  const routes = gatewayApi.filter((c) => c.score === best).map((c) => c.route);
  return rankedRoutes(routes).map((r) => ({ route: r.route, namespace: r.owner.namespace, virtualService: r.owner.name }));
}

function virtualServiceCandidates(model: MeshModel, host: string): { vs: VirtualService; score: number; order: number }[] {
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
  return candidates;
}

function httpRouteCandidates(model: MeshModel, host: string): { route: GatewayHttpRoute; score: number }[] {
  const out: { route: GatewayHttpRoute; score: number }[] = [];
  for (const a of gatewayAttachments(model)) {
    const scores = a.hosts.filter((h) => admitsRequestHost(h, host)).map(specificity);
    if (scores.length > 0 && !out.some((c) => c.route === a.route)) out.push({ route: a.route, score: Math.max(...scores) });
  }
  return out;
}
