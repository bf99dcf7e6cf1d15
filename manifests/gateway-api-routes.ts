// What the Gateway API routes mean, in the terms the rest of meshcheck reads (VirtualService-form
// routes): which HTTPRoutes attach where, on which hosts, and in which order their matches are
// tried. Shared by expectations/ (what the routes promise) and local-mesh/ (what it serves).
//
// Where the Gateway API differs from a VirtualService:
// - Order: not first-match in the order written. Across every rule of the routes that share a
//   host, a match is tried before another when it has an Exact path; else a longer PathPrefix;
//   else a method condition; else more header conditions. Ties go to the older route
//   (creationTimestamp; one the manifests do not give is the apply time, so newer), then to namespace/name in alphabetical
//   order, then to the rule and match written first. RegularExpression paths come after every
//   prefix (the API leaves their rank to the implementation).
// - Weights are proportions (share = weight / sum); a weight of 0 gets nothing, and a rule whose
//   backends all weigh 0 answers 500 (expressed as an always-on abort).
// - A route attaches only where a parentRef resolves: a Gateway of class istio whose listener
//   (sectionName, port) admits the route's namespace and shares a hostname with it, or (GAMMA) a
//   Service in the manifests. A parentRef that resolves nowhere attaches nothing.
import { hostAdmits, hostsOverlap } from "./hosts.js";
import type {
  GatewayHttpRoute,
  GatewayListener,
  HttpMatch,
  HttpRoute,
  HttpRouteMatchSpec,
  HttpRouteRule,
  KubeGateway,
  MeshModel,
  RouteDestination,
  Service,
  VirtualService,
} from "./types.js";

/** The class whose Gateways Istio deploys a gateway for (and the local mesh serves). */
export const ISTIO_GATEWAY_CLASS = "istio";

/** An HTTPRoute attached to a Gateway: the hosts it serves there. */
export interface GatewayAttachment {
  route: GatewayHttpRoute;
  gateway: KubeGateway;
  /** Route hostnames narrowed to the listeners' (a listener without one admits all). */
  hosts: string[];
}

/** The hosts a listener and a route share; empty: the route does not attach to it. */
function sharedHosts(listener: GatewayListener, route: GatewayHttpRoute): string[] {
  const l = listener.hostname;
  if (route.hostnames.length === 0) return [l ?? "*"];
  if (l === undefined) return route.hostnames;
  return route.hostnames.filter((h) => hostsOverlap(l, h)).map((h) => (hostAdmits(l, h) ? h : l));
}

function listenerTakes(gateway: KubeGateway, listener: GatewayListener, route: GatewayHttpRoute): boolean {
  return listener.allowedRoutesFrom === "All" || route.namespace === gateway.namespace;
}

/** Every HTTPRoute attached to an istio-class Gateway, with the hosts it serves, in manifest order. */
export function gatewayAttachments(model: MeshModel): GatewayAttachment[] {
  const out: GatewayAttachment[] = [];
  for (const route of model.httpRoutes) {
    for (const gateway of model.kubeGateways) {
      if (gateway.gatewayClassName !== ISTIO_GATEWAY_CLASS) continue;
      const hosts = new Set<string>();
      for (const ref of route.parentRefs) {
        if (ref.kind !== "Gateway" || ref.name !== gateway.name || ref.namespace !== gateway.namespace) continue;
        for (const listener of gateway.listeners) {
          if (ref.sectionName !== undefined && ref.sectionName !== listener.name) continue;
          if (ref.port !== undefined && ref.port !== listener.port) continue;
          if (!listenerTakes(gateway, listener, route)) continue;
          for (const h of sharedHosts(listener, route)) hosts.add(h);
        }
      }
      if (hosts.size > 0) out.push({ route, gateway, hosts: [...hosts] });
    }
  }
  return out;
}

/** The HTTPRoutes whose parentRef is this Service (GAMMA): they route what sidecars send to it. */
export function meshHttpRoutes(model: MeshModel, service: Service): GatewayHttpRoute[] {
  return model.httpRoutes.filter((route) =>
    route.parentRefs.some(
      (ref) =>
        ref.kind === "Service" &&
        ref.name === service.name &&
        ref.namespace === service.namespace &&
        (ref.port === undefined || service.ports.some((p) => p.port === ref.port)),
    ),
  );
}

/** One match of one rule, where it sits in precedence order. */
interface RankedMatch {
  owner: GatewayHttpRoute;
  ruleIndex: number;
  matchIndex: number;
  match: HttpRouteMatchSpec;
  rule: HttpRouteRule;
}

const PATH_RANK = { Exact: 2, PathPrefix: 1, RegularExpression: 0 } as const;

function comparePrecedence(a: RankedMatch, b: RankedMatch): number {
  const byPathKind = PATH_RANK[b.match.path.type] - PATH_RANK[a.match.path.type];
  if (byPathKind !== 0) return byPathKind;
  if (a.match.path.type === "PathPrefix") {
    const byLength = b.match.path.value.length - a.match.path.value.length;
    if (byLength !== 0) return byLength;
  }
  const byMethod = Number(b.match.method !== undefined) - Number(a.match.method !== undefined);
  if (byMethod !== 0) return byMethod;
  const byHeaders = b.match.headers.length - a.match.headers.length;
  if (byHeaders !== 0) return byHeaders;
  if (a.owner !== b.owner) {
    // A route whose manifest gives no creationTimestamp is created when applied: after any that gives one.
    const age = (a.owner.createdMs ?? Infinity) - (b.owner.createdMs ?? Infinity);
    if (!Number.isNaN(age) && age !== 0) return age;
    const an = `${a.owner.namespace}/${a.owner.name}`;
    const bn = `${b.owner.namespace}/${b.owner.name}`;
    if (an !== bn) return an < bn ? -1 : 1;
  }
  return a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex;
}

/** A Gateway API path match as the runtime's string match (PathPrefix matches whole segments). */
function pathMatch(path: HttpRouteMatchSpec["path"]): HttpMatch["uri"] | undefined {
  if (path.type === "Exact") return { exact: path.value };
  if (path.type === "RegularExpression") return { regex: path.value };
  const prefix = path.value.replace(/\/+$/, "");
  if (prefix === "") return undefined; // "/" matches every path
  return { regex: `${escapeRegex(prefix)}(/.*)?` };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function toHttpMatch(m: HttpRouteMatchSpec): HttpMatch | undefined {
  const out: HttpMatch = {};
  const uri = pathMatch(m.path);
  if (uri) out.uri = uri;
  if (m.headers.length > 0) {
    out.headers = Object.fromEntries(m.headers.map((h) => [h.name, h.type === "Exact" ? { exact: h.value } : { regex: h.value }]));
  }
  if (m.method !== undefined) out.method = { exact: m.method };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Backend weights as percents of their sum; a rule whose weights are all 0 answers 500. */
function toRoute(rule: HttpRouteRule, match: HttpRouteMatchSpec): HttpRoute {
  const total = rule.backendRefs.reduce((sum, b) => sum + b.weight, 0);
  const route: RouteDestination[] = rule.backendRefs.map((b) => ({
    destination: { host: b.name, port: { number: b.port } },
    weight: total > 0 ? (b.weight * 100) / total : 0,
  }));
  const m = toHttpMatch(match);
  return {
    ...(rule.name !== undefined && { name: rule.name }),
    ...(m !== undefined && { match: [m] }),
    route,
    ...(rule.timeoutMs !== undefined && { timeoutMs: rule.timeoutMs }),
    ...(total === 0 && { fault: { abort: { percent: 100, httpStatus: 500 } } }),
  };
}

export interface RankedRoute {
  /** One match of one rule, as a VirtualService-form route (first match wins once ranked). */
  route: HttpRoute;
  owner: GatewayHttpRoute;
}

/** Every match of every rule of these routes, in the order the Gateway API tries them. */
export function rankedRoutes(routes: readonly GatewayHttpRoute[]): RankedRoute[] {
  const matches: RankedMatch[] = routes.flatMap((owner) =>
    owner.rules.flatMap((rule, ruleIndex) => rule.matches.map((match, matchIndex) => ({ owner, rule, ruleIndex, matchIndex, match }))),
  );
  return matches.sort(comparePrecedence).map((m) => ({ route: toRoute(m.rule, m.match), owner: m.owner }));
}

/**
 * An attached HTTPRoute read as a VirtualService bound to its Gateway (`ns/name`): its matches
 * ranked, one route per match, weights as percents. What expectations/ derives the profile from.
 */
export function asVirtualService(a: GatewayAttachment): VirtualService {
  return {
    name: a.route.name,
    namespace: a.route.namespace,
    hosts: a.hosts,
    gateways: [`${a.gateway.namespace}/${a.gateway.name}`],
    http: rankedRoutes([a.route]).map((r) => r.route),
    source: a.route.source,
  };
}

/** A GAMMA HTTPRoute read as a mesh VirtualService for its Service. */
export function meshAsVirtualService(route: GatewayHttpRoute, service: Service): VirtualService {
  return {
    name: route.name,
    namespace: route.namespace,
    hosts: [`${service.name}.${service.namespace}.svc.cluster.local`],
    gateways: ["mesh"],
    http: rankedRoutes([route]).map((r) => r.route),
    source: route.source,
  };
}
