// Mapped resources → MeshModel, checking what only shows across resources: duplicates, namespaces
// that were never declared, service accounts that do not exist, and sidecar injection (which
// depends on the workload's Namespace).
import type { MappedResource } from "./map-document.js";
import type { PendingWorkload } from "./map-workloads.js";
import type { IngressGateway, MeshModel, Namespace } from "./types.js";
import { ManifestError } from "./types.js";

export const TRUST_DOMAIN = "cluster.local";

type Sink = (err: ManifestError) => void;

/** Builds the model, reporting each cross-resource problem to `report`; the offending resource is left out. */
export function assembleMesh(resources: MappedResource[], ingressGateway: IngressGateway, report: Sink): MeshModel {
  const model: MeshModel = {
    trustDomain: TRUST_DOMAIN,
    namespaces: [],
    workloads: [],
    services: [],
    ingressGateway,
    gateways: [],
    virtualServices: [],
    kubeGateways: [],
    httpRoutes: [],
    peerAuthentications: [],
    authorizationPolicies: [],
    destinationRules: [],
  };
  const unique = withoutDuplicates(resources, report);
  const namespaces = new Map<string, Namespace>();
  const serviceAccounts = new Set<string>();
  for (const r of unique) {
    if (r.kind === "Namespace") namespaces.set(r.id.name, r.value);
    if (r.kind === "ServiceAccount") serviceAccounts.add(`${r.id.namespace}/${r.id.name}`);
  }

  for (const r of unique) {
    if (r.kind !== "Namespace" && !namespaces.has(r.id.namespace)) {
      report(failure(r, ["metadata", "namespace"], `namespace ${r.id.namespace} is not declared in the manifests (add a Namespace)`));
      continue;
    }
    switch (r.kind) {
      case "Namespace": model.namespaces.push(r.value); break;
      case "ServiceAccount": break; // identities are the workloads' serviceAccount names
      case "ConfigMap": break; // only a Gateway API gateway's deployment options on a cluster
      case "KubeGateway": model.kubeGateways.push(r.value); break;
      case "HTTPRoute": model.httpRoutes.push(r.value); break;
      case "Deployment": {
        const workload = resolveWorkload(r, r.value, namespaces, serviceAccounts, report);
        if (workload) model.workloads.push(workload);
        break;
      }
      case "Service": model.services.push(r.value); break;
      case "Gateway": model.gateways.push(r.value); break;
      case "VirtualService": model.virtualServices.push(r.value); break;
      case "PeerAuthentication": model.peerAuthentications.push(r.value); break;
      case "AuthorizationPolicy": model.authorizationPolicies.push(r.value); break;
      case "DestinationRule": model.destinationRules.push(r.value); break;
    }
  }
  return model;
}

function resolveWorkload(
  r: MappedResource,
  pending: PendingWorkload,
  namespaces: Map<string, Namespace>,
  serviceAccounts: Set<string>,
  report: Sink,
): MeshModel["workloads"][number] | undefined {
  const { workload, injectOverride } = pending;
  // Kubernetes gives every namespace a `default` service account; any other must be declared.
  if (workload.serviceAccount !== "default" && !serviceAccounts.has(`${workload.namespace}/${workload.serviceAccount}`)) {
    report(failure(r, ["spec", "template", "spec", "serviceAccountName"],
      `service account ${workload.serviceAccount} is not declared in namespace ${workload.namespace} (add a ServiceAccount)`));
    return undefined;
  }
  const injected = injectOverride ?? namespaces.get(workload.namespace)?.injected ?? false;
  return { ...workload, injected };
}

function withoutDuplicates(resources: MappedResource[], report: Sink): MappedResource[] {
  const seen = new Map<string, MappedResource>();
  const out: MappedResource[] = [];
  for (const r of resources) {
    // By model kind too: an Istio Gateway and a Gateway API Gateway may share a name.
    const key = `${r.kind} ${r.fields.resource}`;
    const first = seen.get(key);
    if (first) {
      const at = first.fields.doc.source;
      report(failure(r, ["metadata", "name"], `${r.fields.resource} is already defined at ${at.file}:${at.line}`));
      continue;
    }
    seen.set(key, r);
    out.push(r);
  }
  return out;
}

function failure(r: MappedResource, path: (string | number)[], detail: string): ManifestError {
  try {
    return r.fields.fail(path, detail);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
}
