// Namespace, ServiceAccount and Service: the plain Kubernetes resources around the workloads.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import { readServicePorts } from "./service-ports.js";
import type { Namespace, Service, Source } from "./types.js";

export function mapNamespace(fields: ResourceFields, id: ObjectName, source: Source): Namespace {
  const labels = fields.stringMap(["metadata", "labels"]);
  if (labels["istio.io/rev"] !== undefined) {
    fields.fail(["metadata", "labels", "istio.io/rev"], "revision-based injection is not supported; use istio-injection: enabled");
  }
  const injection = labels["istio-injection"];
  if (injection !== undefined && injection !== "enabled" && injection !== "disabled") {
    fields.fail(["metadata", "labels", "istio-injection"], `must be enabled or disabled, got ${JSON.stringify(injection)}`);
  }
  return { name: id.name, injected: injection === "enabled", source };
}

export interface ServiceAccountRef {
  name: string;
  namespace: string;
  source: Source;
}

export function mapServiceAccount(_fields: ResourceFields, id: ObjectName, source: Source): ServiceAccountRef {
  return { name: id.name, namespace: id.namespace, source };
}

export function mapService(fields: ResourceFields, id: ObjectName, source: Source): Service {
  const type = fields.oneOf(["spec", "type"], ["ClusterIP", "NodePort"] as const, "ClusterIP");
  const selector = fields.stringMap(["spec", "selector"]);
  if (Object.keys(selector).length === 0) {
    fields.fail(["spec", "selector"], "is required (a Service without a selector has no endpoints the local mesh can find)");
  }
  const ports = readServicePorts(fields, ["spec", "ports"], type === "NodePort");
  return { name: id.name, namespace: id.namespace, selector, ports, type, source };
}

/** Its data only shapes what Istio deploys on a cluster (see accepted-fields.ts CONFIG_MAP). */
export function mapConfigMap(_fields: ResourceFields, id: ObjectName, source: Source): ServiceAccountRef {
  return { name: id.name, namespace: id.namespace, source };
}
