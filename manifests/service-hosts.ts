// Which Service a host names. Two readings, because Kubernetes and Istio differ:
// - cluster DNS (a Host header, a URL an app calls): `svc`, `svc.ns`, `svc.ns.svc` or
//   `svc.ns.svc.cluster.local`, short names relative to the caller's namespace;
// - Istio config (a VirtualService's hosts and destinations, a DestinationRule's host): a name
//   without a dot is short for `name.<config's namespace>.svc.cluster.local`; any other host is
//   taken as written (istio's ResolveShortnameToFQDN), so only the FQDN names a Service and
//   `svc.ns` names nothing: Envoy has no cluster for it and answers 503.
// Anything else (an external name, a wildcard) names no Service in the manifests.
import type { MeshModel, Service } from "./types.js";

/** Kubernetes cluster DNS suffix (fixed; independent of the SPIFFE trust domain). */
export const CLUSTER_DOMAIN = "svc.cluster.local";

/** A Service by name and namespace. */
export interface ServiceRef {
  name: string;
  namespace: string;
}

/** The Service a DNS name would resolve to for a caller in `namespace` (case-insensitive, a trailing dot allowed). */
export function dnsServiceRef(hostname: string, namespace: string): ServiceRef | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  const parts = name.split(".");
  if (parts.length === 1) return ref(parts[0], namespace);
  if (parts.length === 2 || (parts.length === 3 && parts[2] === "svc")) return ref(parts[0], parts[1]);
  if (name.endsWith(`.${CLUSTER_DOMAIN}`) && parts.length === 5) return ref(parts[0], parts[1]);
  return undefined;
}

/** The Service a host in Istio config names, the config living in `namespace`; compared as written. */
export function configServiceRef(host: string, namespace: string): ServiceRef | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return ref(parts[0], namespace);
  if (host.endsWith(`.${CLUSTER_DOMAIN}`) && parts.length === 5) return ref(parts[0], parts[1]);
  return undefined;
}

const ref = (name: string | undefined, namespace: string | undefined): ServiceRef | undefined =>
  name && namespace ? { name, namespace } : undefined;

const lookup = (model: MeshModel, r: ServiceRef | undefined) => r && model.services.find((s) => s.name === r.name && s.namespace === r.namespace);

/** The Service a DNS name resolves to, relative to `namespace` for short names. */
export function findService(model: MeshModel, hostname: string, namespace: string): Service | undefined {
  return lookup(model, dnsServiceRef(hostname, namespace));
}

/** The Service a host in Istio config (in `namespace`) names, as Istio resolves it. */
export function findConfigService(model: MeshModel, host: string, namespace: string): Service | undefined {
  return lookup(model, configServiceRef(host, namespace));
}
