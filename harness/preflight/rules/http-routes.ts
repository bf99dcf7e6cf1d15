// HTTPRoutes (Kubernetes Gateway API): each parentRef attaches (the Gateway and listener exist,
// the listener's allowedRoutes admits the route's namespace and its hostname meets the route's;
// a Service parent, the GAMMA mesh case, exists with that port); each backendRef is a Service
// with that port (and a cross-namespace one is granted); a rule's backends do not all weigh 0.
// A parentRef that does not attach is not an error Kubernetes reports on apply: the route is
// accepted and silently serves nothing (its status says so, which nobody reads in CI).
import { errorAt } from "../finding.js";
import { findService, ofKind, servicePorts, spec } from "../mesh-index.js";
import { GATEWAY_API_GROUP, gatewayApiGateways, httpRoutes, listenerAdmits, listeners, objectRef } from "../gateway-api-index.js";
import { asArray, asRecord, asString } from "../values.js";
import type { Config, Finding, Resource } from "../types.js";

/** Gateway API hostname intersection: equal, or a `*.suffix` wildcard covering the other. */
export function hostnamesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  const covers = (wild: string, host: string) => wild.startsWith("*.") && host.endsWith(wild.slice(1)) && host.length > wild.length - 1;
  return covers(a, b) || covers(b, a);
}

function gatewayParent(config: Config, route: Resource, ref: ReturnType<typeof objectRef>, path: (string | number)[]): Finding[] {
  const what = `parentRef ${ref.namespace}/${ref.name}${ref.sectionName ? ` (listener ${ref.sectionName})` : ""} of HTTPRoute ${route.name}`;
  const gateway = gatewayApiGateways(config).find((g) => g.name === ref.name && g.namespace === ref.namespace);
  if (!gateway) {
    const istio = ofKind(config, "Gateway", "networking.istio.io").some((g) => g.name === ref.name && g.namespace === ref.namespace);
    const hint = istio ? ` (there is an Istio networking.istio.io Gateway of that name: an HTTPRoute attaches only to a gateway.networking.k8s.io Gateway)` : "";
    return [errorAt("httproute-parent", route.doc, [...path, "name"], `${what}: no Gateway ${ref.name} in namespace ${ref.namespace} is in the manifests${hint}; the route attaches to nothing and serves no request`)];
  }
  let candidates = listeners(gateway);
  if (ref.sectionName) {
    candidates = candidates.filter((l) => asString(l.name) === ref.sectionName);
    if (candidates.length === 0) {
      const names = listeners(gateway).map((l) => asString(l.name));
      return [errorAt("httproute-parent", route.doc, [...path, "sectionName"], `${what}: Gateway ${gateway.name} has no listener ${ref.sectionName} (it has ${names.join(", ") || "none"}); the route attaches to nothing`)];
    }
  }
  if (ref.port !== undefined) candidates = candidates.filter((l) => l.port === ref.port);
  const routeNs = route.namespace ?? "";
  const admitting = candidates.filter((l) => listenerAdmits(config, gateway, l, routeNs));
  if (admitting.length === 0) {
    const froms = [...new Set(candidates.map((l) => asString(asRecord(asRecord(l.allowedRoutes)?.namespaces)?.from) || "Same"))];
    return [errorAt("httproute-parent", route.doc, path, `${what}: no listener of Gateway ${gateway.namespace}/${gateway.name} admits routes from namespace ${routeNs} (allowedRoutes.namespaces.from: ${froms.join(", ") || "no listener"}); the route is not attached: widen allowedRoutes or move the route`)];
  }
  const routeHosts = asArray(spec(route).hostnames).map(asString);
  const attached = admitting.some((l) => {
    const lh = asString(l.hostname);
    return !lh || routeHosts.length === 0 || routeHosts.some((h) => hostnamesIntersect(lh, h));
  });
  if (!attached) {
    const lhs = admitting.map((l) => asString(l.hostname));
    return [errorAt("httproute-parent", route.doc, ["spec", "hostnames"], `${what}: none of its hostnames (${routeHosts.join(", ")}) is within the listener hostname ${lhs.join(", ")}; the route is not attached`)];
  }
  return [];
}

function serviceParent(config: Config, route: Resource, ref: ReturnType<typeof objectRef>, path: (string | number)[]): Finding[] {
  const svc = findService(config, ref.name, ref.namespace);
  const what = `parentRef Service ${ref.namespace}/${ref.name} of HTTPRoute ${route.name}`;
  if (!svc) return [errorAt("httproute-parent", route.doc, [...path, "name"], `${what}: no Service ${ref.name} in namespace ${ref.namespace} is in the manifests; the mesh route applies to nothing`)];
  const ports = servicePorts(svc);
  if (ref.port !== undefined && !ports.includes(ref.port)) {
    return [errorAt("httproute-parent", route.doc, [...path, "port"], `${what}: port ${ref.port}, but Service ${ref.name} has ports ${ports.join(", ") || "none"}; the mesh route applies to nothing`)];
  }
  return [];
}

/** A ReferenceGrant in `to` lets HTTPRoutes of `from` reference Service `name`. */
function granted(config: Config, from: string, to: string, name: string): boolean {
  return ofKind(config, "ReferenceGrant", GATEWAY_API_GROUP)
    .filter((g) => g.namespace === to)
    .some(
      (g) =>
        asArray(spec(g).from).some((f) => {
          const r = asRecord(f) ?? {};
          return asString(r.group) === GATEWAY_API_GROUP && asString(r.kind) === "HTTPRoute" && asString(r.namespace) === from;
        }) &&
        asArray(spec(g).to).some((t) => {
          const r = asRecord(t) ?? {};
          return asString(r.group) === "" && asString(r.kind) === "Service" && (!asString(r.name) || asString(r.name) === name);
        }),
    );
}

function backends(config: Config, route: Resource, rule: Record<string, unknown>, ri: number): Finding[] {
  const out: Finding[] = [];
  const refs = asArray(rule.backendRefs);
  refs.forEach((b, bi) => {
    const ref = objectRef(b, "", "Service", route.namespace);
    const path = ["spec", "rules", ri, "backendRefs", bi];
    if (ref.group !== "" || ref.kind !== "Service") return; // other backends: their implementation's business
    const what = `backendRef ${bi} (${ref.namespace}/${ref.name}) of rule ${ri} of HTTPRoute ${route.name}`;
    if (ref.namespace !== route.namespace && !granted(config, route.namespace ?? "", ref.namespace, ref.name)) {
      out.push(errorAt("httproute-backend", route.doc, [...path, "namespace"], `${what}: a Service in another namespace needs a ReferenceGrant in ${ref.namespace} from HTTPRoutes in ${route.namespace ?? "?"}; without one its requests get 500`));
      return;
    }
    const svc = findService(config, ref.name, ref.namespace);
    if (!svc) {
      out.push(errorAt("httproute-backend", route.doc, [...path, "name"], `${what}: no Service ${ref.name} in namespace ${ref.namespace} is in the manifests; requests sent to it get 500`));
      return;
    }
    const ports = servicePorts(svc);
    if (ref.port === undefined) {
      out.push(errorAt("httproute-backend", route.doc, path, `${what}: a Service backend needs a port (Service ${ref.name} has ${ports.join(", ") || "none"})`));
    } else if (!ports.includes(ref.port)) {
      out.push(errorAt("httproute-backend", route.doc, [...path, "port"], `${what}: port ${ref.port}, but Service ${ref.name} has ports ${ports.join(", ") || "none"}; requests sent to it get 500`));
    }
  });
  // Weights are proportions (default 1); all 0 leaves no backend to send to.
  const weights = refs.map((b) => asRecord(b)?.weight);
  if (refs.length > 0 && weights.every((w) => w === 0)) {
    out.push(errorAt("httproute-weights", route.doc, ["spec", "rules", ri, "backendRefs"], `rule ${ri} of HTTPRoute ${route.name}: every backendRef has weight 0, so every request it matches gets 500; give at least one a weight above 0`));
  }
  return out;
}

export function httpRouteRules(config: Config): Finding[] {
  const out: Finding[] = [];
  for (const route of httpRoutes(config)) {
    asArray(spec(route).parentRefs).forEach((p, pi) => {
      const ref = objectRef(p, GATEWAY_API_GROUP, "Gateway", route.namespace);
      const path = ["spec", "parentRefs", pi];
      if (ref.group === GATEWAY_API_GROUP && ref.kind === "Gateway") out.push(...gatewayParent(config, route, ref, path));
      else if (ref.group === "" && ref.kind === "Service") out.push(...serviceParent(config, route, ref, path));
    });
    asArray(spec(route).rules).forEach((rule, ri) => out.push(...backends(config, route, asRecord(rule) ?? {}, ri)));
  }
  return out;
}
