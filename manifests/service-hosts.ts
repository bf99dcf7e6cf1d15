// Which Service a hostname names, as cluster DNS resolves it for a caller in a namespace:
// `svc`, `svc.ns`, `svc.ns.svc` or `svc.ns.svc.cluster.local`. Anything else (an external
// name, a wildcard) names no Service in the manifests.
import type { MeshModel, Service } from "./types.js";

/** Kubernetes cluster DNS suffix (fixed; independent of the SPIFFE trust domain). */
export const CLUSTER_DOMAIN = "svc.cluster.local";

/** The Service a hostname names, relative to `namespace` for short names. */
export function findService(model: MeshModel, hostname: string, namespace: string): Service | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  const parts = name.split(".");
  let svc: string | undefined;
  let ns: string | undefined;
  if (parts.length === 1) [svc, ns] = [parts[0], namespace];
  else if (parts.length === 2 || (parts.length === 3 && parts[2] === "svc")) [svc, ns] = [parts[0], parts[1]];
  else if (name.endsWith(`.${CLUSTER_DOMAIN}`) && parts.length === 5) [svc, ns] = [parts[0], parts[1]];
  if (!svc || !ns) return undefined;
  return model.services.find((s) => s.name === svc && s.namespace === ns);
}
