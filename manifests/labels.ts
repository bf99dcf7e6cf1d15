// Kubernetes label selection (matchLabels only: every selector entry must be present and equal).
import type { Labels, MeshModel, Service, Workload } from "./types.js";

export function selects(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** An empty selector selects nothing for Services (Kubernetes: no endpoints managed). */
export function serviceSelects(selector: Labels, labels: Labels): boolean {
  return Object.keys(selector).length > 0 && selects(selector, labels);
}

/** The workloads a Service selects: its namespace's, by its (non-empty) selector. */
export function workloadsOf(model: MeshModel, service: Service): Workload[] {
  return model.workloads.filter((w) => w.namespace === service.namespace && serviceSelects(service.selector, w.labels));
}
