// The ingress gateway is installed by helm, not by kind/manifests: its pods' labels (which
// Gateways select) and service account (its identity) come from the chart values file.
import { GATEWAY_VALUES } from "./accepted-fields.js";
import { ResourceFields, isRecord } from "./fields.js";
import { readServicePorts } from "./service-ports.js";
import { checkShape } from "./shape.js";
import { ManifestError } from "./types.js";
import type { IngressGateway } from "./types.js";
import { displayName, readManifestFile } from "./yaml-documents.js";

/** The namespace kind/README.md installs the istio-ingress release into. */
export const GATEWAY_NAMESPACE = "istio-system";

export function loadGatewayValues(file: string, namespace = GATEWAY_NAMESPACE): IngressGateway {
  const docs = readManifestFile(file);
  const doc = docs[0];
  const resource = "helm values istio-ingress";
  if (doc === undefined || docs.length > 1) {
    const at = docs[1]?.source ?? { file: displayName(file), line: 1 };
    throw new ManifestError(at, resource, "(document)", "must hold exactly one YAML document");
  }
  const fields: ResourceFields = new ResourceFields(doc, resource);
  if (!isRecord(doc.value)) fields.fail([], "must be a mapping of chart values");
  checkShape(fields, GATEWAY_VALUES);

  // Required rather than defaulted: the chart derives both from the release name, and a guess
  // here is exactly the seed's `istio: ingressgateway` mistake.
  const labels = fields.stringMap(["labels"]);
  for (const key of ["istio", "app"]) {
    if (labels[key] === undefined) fields.fail(["labels", key], "is required (write out the gateway pods' selector labels)");
  }
  const serviceAccount = fields.string(["serviceAccount", "name"]);
  const type = fields.oneOf(["service", "type"], ["NodePort", "ClusterIP", "LoadBalancer"] as const, "LoadBalancer");
  const ports = fields.has(["service", "ports"]) ? readServicePorts(fields, ["service", "ports"], type !== "ClusterIP") : undefined;
  return { namespace, serviceAccount, labels, ...(ports && { ports }), source: doc.source };
}
