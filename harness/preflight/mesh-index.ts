// Lookups over the resources preflight read: Services by Istio host name, namespaces, service
// accounts, pod labels. A host resolves as the local mesh resolves it (manifests/service-hosts.ts).
import type { Config, Resource } from "./types.js";
import { configServiceRef, type ServiceRef } from "../../manifests/service-hosts.js";
import { asArray, asLabels, asRecord } from "./values.js";

export const TRUST_DOMAIN = "cluster.local";

export function ofKind(config: Config, kind: string, group?: string): Resource[] {
  return config.resources.filter((r) => r.kind === kind && (group === undefined || r.apiVersion.split("/")[0] === group));
}

export function spec(r: Resource): Record<string, unknown> {
  return asRecord(r.obj.spec) ?? {};
}

/**
 * The Service a host in Istio config names, as Istio resolves it (manifests/service-hosts.ts):
 * a name without a dot in the referring resource's namespace, or `svc.ns.svc.cluster.local`.
 * Undefined for any other host: an external name, or a `svc.ns` Istio does not resolve.
 */
export function serviceRef(host: string, fromNamespace: string | undefined): ServiceRef | undefined {
  return fromNamespace === undefined && !host.includes(".") ? undefined : configServiceRef(host, fromNamespace ?? "");
}

export function findService(config: Config, name: string, namespace: string): Resource | undefined {
  return ofKind(config, "Service").find((s) => s.apiVersion === "v1" && s.name === name && s.namespace === namespace);
}

export function servicePorts(svc: Resource): number[] {
  return asArray(spec(svc).ports)
    .map((p) => asRecord(p)?.port)
    .filter((p): p is number => typeof p === "number");
}

export function namespaceResource(config: Config, name: string): Resource | undefined {
  return ofKind(config, "Namespace").find((n) => n.apiVersion === "v1" && n.name === name);
}

export function namespaceInjected(ns: Resource): boolean {
  const labels = asLabels(asRecord(ns.obj.metadata)?.labels);
  return labels["istio-injection"] === "enabled" || (labels["istio.io/rev"] !== undefined && labels["istio-injection"] !== "disabled");
}

export function hasServiceAccount(config: Config, namespace: string, name: string): boolean {
  if (name === "default") return namespaceResource(config, namespace) !== undefined;
  return ofKind(config, "ServiceAccount").some((s) => s.name === name && s.namespace === namespace);
}

/** Pod template labels of the Deployments (and other pod controllers) in a namespace. */
export function podLabels(config: Config, namespace: string): Record<string, string>[] {
  return config.resources
    .filter((r) => ["Deployment", "StatefulSet", "DaemonSet"].includes(r.kind) && r.namespace === namespace)
    .map((r) => asLabels(asRecord(asRecord(spec(r).template)?.metadata)?.labels));
}
