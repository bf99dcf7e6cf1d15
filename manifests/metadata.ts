// Names and namespaces of resources. The local mesh has no "current namespace", so namespaced
// resources must say theirs.
import type { ResourceFields } from "./fields.js";

export interface ObjectName {
  name: string;
  /** Empty for cluster-scoped resources (Namespace). */
  namespace: string;
}

// RFC 1123 subdomain: what Kubernetes requires of most names (labels are the same without dots).
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function readObjectName(fields: ResourceFields, namespaced: boolean, labelName: boolean): ObjectName {
  const name = fields.string(["metadata", "name"]);
  const pattern = labelName ? DNS_LABEL : DNS_SUBDOMAIN;
  const limit = labelName ? 63 : 253;
  if (!pattern.test(name) || name.length > limit) {
    fields.fail(["metadata", "name"], `${JSON.stringify(name)} is not a valid name (lower-case letters, digits and '-', at most ${limit})`);
  }
  if (!namespaced) return { name, namespace: "" };
  if (!fields.has(["metadata", "namespace"])) {
    fields.fail(["metadata", "namespace"], "is required (the local mesh has no current namespace to default to)");
  }
  const namespace = fields.string(["metadata", "namespace"]);
  if (!DNS_LABEL.test(namespace)) fields.fail(["metadata", "namespace"], `${JSON.stringify(namespace)} is not a valid namespace name`);
  return { name, namespace };
}

export function resourceName(kind: string, id: ObjectName): string {
  return id.namespace === "" ? `${kind} ${id.name}` : `${kind} ${id.namespace}/${id.name}`;
}
