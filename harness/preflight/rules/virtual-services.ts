// VirtualServices the gateway serves: each named Gateway exists and serves each host; each
// destination is a Service with that port; weighted routes sum to 100 (what Istio validates
// and what the canary check takes as its expectation).
import { hostsOverlap, serverHostname } from "../../../manifests/hosts.js";
import { errorAt } from "../finding.js";
import { findService, ofKind, serviceRef, servicePorts, spec } from "../mesh-index.js";
import { dnsServiceRef } from "../../../manifests/service-hosts.js";
import { asArray, asRecord, asString } from "../values.js";
import type { Config, Finding, Resource } from "../types.js";

/** `name` or `ns/name` → the Gateway resource, from the VirtualService's namespace. */
export function gatewayFor(config: Config, ref: string, vsNamespace: string | undefined): Resource | undefined {
  const [ns, name] = ref.includes("/") ? ref.split("/", 2) : [vsNamespace, ref];
  return ofKind(config, "Gateway", "networking.istio.io").find((g) => g.name === name && g.namespace === ns);
}

export function gatewayHosts(g: Resource): string[] {
  return asArray(spec(g).servers).flatMap((s) => asArray(asRecord(s)?.hosts).map(asString));
}

export function virtualServices(config: Config): Finding[] {
  const out: Finding[] = [];
  for (const vs of ofKind(config, "VirtualService", "networking.istio.io")) {
    const s = spec(vs);
    const hosts = asArray(s.hosts).map(asString);
    asArray(s.gateways).forEach((ref, gi) => {
      const name = asString(ref);
      if (name === "mesh") return;
      const g = gatewayFor(config, name, vs.namespace);
      if (!g) {
        out.push(errorAt("vs-gateway", vs.doc, ["spec", "gateways", gi], `VirtualService ${vs.name} is bound to Gateway ${name}, which is not in the manifests`));
        return;
      }
      const served = gatewayHosts(g);
      hosts.forEach((h, hi) => {
        if (!served.some((sh) => hostsOverlap(serverHostname(sh), h))) {
          out.push(errorAt("vs-host", vs.doc, ["spec", "hosts", hi], `host ${h} of VirtualService ${vs.name} is not served by Gateway ${g.name} (hosts: ${served.join(", ") || "none"}): requests for it get 404`));
        }
      });
    });
    asArray(s.http).forEach((route, ri) => {
      const dests = asArray(asRecord(route)?.route);
      let sum = 0;
      let weighted = false;
      let mistyped = false;
      dests.forEach((d, di) => {
        const dr = asRecord(d) ?? {};
        const dest = asRecord(dr.destination) ?? {};
        const path = ["spec", "http", ri, "route", di];
        if (typeof dr.weight === "number") {
          weighted = true;
          sum += dr.weight;
        } else if (dr.weight !== undefined) {
          // Named as what it is: "ten" is not a weight; summing without it would blame the sum.
          mistyped = true;
          out.push(errorAt("vs-weights", vs.doc, [...path, "weight"], `route ${ri} of VirtualService ${vs.name}: weight ${JSON.stringify(dr.weight)} of destination ${di} is not a number (write a whole number from 0 to 100)`));
        }
        const host = asString(dest.host);
        const ref = serviceRef(host, vs.namespace);
        if (!ref) {
          // `svc.ns` is a Service to cluster DNS, but Istio takes a host with a dot as written.
          const dns = vs.namespace === undefined ? undefined : dnsServiceRef(host, vs.namespace);
          if (dns && findService(config, dns.name, dns.namespace)) {
            out.push(errorAt("vs-destination", vs.doc, [...path, "destination", "host"], `destination ${host} of VirtualService ${vs.name} names no Service to Istio, which takes a host with a dot as written: requests routed there get 503; write ${dns.namespace === vs.namespace ? `${dns.name} or ` : ""}${dns.name}.${dns.namespace}.svc.cluster.local`));
          }
          return; // otherwise an external host: a ServiceEntry's business, not checked here
        }
        const svc = findService(config, ref.name, ref.namespace);
        if (!svc) {
          out.push(errorAt("vs-destination", vs.doc, [...path, "destination", "host"], `destination ${host} of VirtualService ${vs.name} is no Service in the manifests (looked for ${ref.name} in namespace ${ref.namespace}): requests routed there get 503`));
          return;
        }
        const port = asRecord(dest.port)?.number;
        const ports = servicePorts(svc);
        if (typeof port === "number" && !ports.includes(port)) {
          out.push(errorAt("vs-destination", vs.doc, [...path, "destination", "port"], `destination ${host} port ${port}: Service ${ref.name} has ports ${ports.join(", ") || "none"}`));
        } else if (port === undefined && ports.length > 1) {
          out.push(errorAt("vs-destination", vs.doc, [...path, "destination"], `destination ${host} names no port, and Service ${ref.name} has several (${ports.join(", ")})`));
        }
      });
      if (!mistyped && (dests.length > 1 || weighted) && sum !== 100 && !(dests.length === 1 && !weighted)) {
        out.push(errorAt("vs-weights", vs.doc, ["spec", "http", ri, "route"], `route ${ri} of VirtualService ${vs.name}: weights sum to ${sum}, not 100`));
      }
    });
  }
  return out;
}
