// One host, one routing API: an HTTPRoute and a VirtualService claiming the same host give two
// answers to "where does this request go". At the ingress the answer then depends on which
// gateway a client happens to reach; in the mesh (a GAMMA route on a Service, a VirtualService
// bound to `mesh` for the same Service) Istio merges both into one sidecar route table, in an
// order neither file states. And meshcheck would take two different expectations for one host.
import { errorAt } from "../finding.js";
import { serviceRef, ofKind, spec } from "../mesh-index.js";
import { GATEWAY_API_GROUP, gatewayApiGateways, httpRoutes, listeners, objectRef } from "../gateway-api-index.js";
import { asArray, asString } from "../values.js";
import { hostnamesIntersect } from "./http-routes.js";
import type { Config, Finding, Resource } from "../types.js";

/** Hosts a VirtualService claims at gateways (other than `mesh`), and whether it is bound to the mesh. */
function vsBindings(vs: Resource): { hosts: string[]; atGateways: boolean; inMesh: boolean } {
  const gateways = asArray(spec(vs).gateways).map(asString);
  return {
    hosts: asArray(spec(vs).hosts).map(asString),
    atGateways: gateways.some((g) => g !== "mesh"),
    // No gateways at all means `mesh` (Istio's default).
    inMesh: gateways.length === 0 || gateways.includes("mesh"),
  };
}

/** Hostnames an HTTPRoute claims at its Gateway parents: its own, else its listeners'. */
function claimedHostnames(config: Config, route: Resource): { host: string; path: (string | number)[] }[] {
  const own = asArray(spec(route).hostnames).map(asString);
  if (own.length > 0) return own.map((host, i) => ({ host, path: ["spec", "hostnames", i] }));
  const out: { host: string; path: (string | number)[] }[] = [];
  asArray(spec(route).parentRefs).forEach((p, pi) => {
    const ref = objectRef(p, GATEWAY_API_GROUP, "Gateway", route.namespace);
    if (ref.group !== GATEWAY_API_GROUP || ref.kind !== "Gateway") return;
    const gw = gatewayApiGateways(config).find((g) => g.name === ref.name && g.namespace === ref.namespace);
    for (const l of gw ? listeners(gw) : []) {
      if (ref.sectionName && asString(l.name) !== ref.sectionName) continue;
      const h = asString(l.hostname);
      // A listener with no hostname takes any host; that alone is no claim on a particular one.
      if (h) out.push({ host: h, path: ["spec", "parentRefs", pi] });
    }
  });
  return out;
}

export function routeHostConflicts(config: Config): Finding[] {
  const out: Finding[] = [];
  const services = ofKind(config, "VirtualService", "networking.istio.io");
  for (const route of httpRoutes(config)) {
    for (const { host, path } of claimedHostnames(config, route)) {
      const vs = services.find((v) => {
        const b = vsBindings(v);
        return b.atGateways && b.hosts.some((h) => h !== "*" && hostnamesIntersect(h, host));
      });
      if (vs) {
        out.push(errorAt("httproute-vs-host", route.doc, path, `host ${host} of HTTPRoute ${route.name} is also claimed by VirtualService ${vs.name} (${vs.doc.file}:${vs.doc.line}): two routing definitions for one host; give each its own host`));
      }
    }
    asArray(spec(route).parentRefs).forEach((p, pi) => {
      const ref = objectRef(p, GATEWAY_API_GROUP, "Gateway", route.namespace);
      if (ref.group !== "" || ref.kind !== "Service") return;
      const vs = services.find((v) => {
        const b = vsBindings(v);
        return b.inMesh && b.hosts.some((h) => {
          const s = serviceRef(h, v.namespace);
          return s?.name === ref.name && s.namespace === ref.namespace;
        });
      });
      if (vs) {
        out.push(errorAt("httproute-vs-host", route.doc, ["spec", "parentRefs", pi], `Service ${ref.namespace}/${ref.name}, the parent of mesh HTTPRoute ${route.name}, is also routed in the mesh by VirtualService ${vs.name} (${vs.doc.file}:${vs.doc.line}): two routing definitions for one host; route it with one of them`));
      }
    });
  }
  return out;
}
