// Which published schema validates each kind of document in kind/: kubernetes-models for core
// kinds, @kubernetes-models/istio for Istio's. That package (2.3.0) ships no networking `v1` and
// no security `v1` PeerAuthentication, so those validate against the v1beta1 model of the same
// kind: Istio serves v1 and v1beta1 from one schema (the CRDs list both versions, same spec).
import { Namespace, Service, ServiceAccount, ConfigMap } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { Gateway, VirtualService, DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1";

interface Validatable {
  validate(): void;
}
type Model = new (obj: never) => Validatable;

interface SchemaFor {
  model: Model;
  /** apiVersion the model's schema requires, when it differs from the document's. */
  asVersion?: string;
}

const TABLE: Record<string, SchemaFor> = {
  "v1/Namespace": { model: Namespace as Model },
  "v1/ServiceAccount": { model: ServiceAccount as Model },
  "v1/Service": { model: Service as Model },
  "v1/ConfigMap": { model: ConfigMap as Model },
  "apps/v1/Deployment": { model: Deployment as Model },
  "networking.k8s.io/v1/Ingress": { model: Ingress as Model },
  "networking.istio.io/v1/Gateway": { model: Gateway as Model, asVersion: "networking.istio.io/v1beta1" },
  "networking.istio.io/v1/VirtualService": { model: VirtualService as Model, asVersion: "networking.istio.io/v1beta1" },
  "networking.istio.io/v1/DestinationRule": { model: DestinationRule as Model, asVersion: "networking.istio.io/v1beta1" },
  "security.istio.io/v1/AuthorizationPolicy": { model: AuthorizationPolicy as Model },
  "security.istio.io/v1/PeerAuthentication": { model: PeerAuthentication as Model, asVersion: "security.istio.io/v1beta1" },
};

/** Validates a document against its kind's schema; throws naming the bad field. */
export function validateDocument(obj: Record<string, unknown>): void {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  const schema = TABLE[key];
  if (!schema) throw new Error(`no schema known for ${key}: add it to test/kind/schema-models.ts`);
  const doc = schema.asVersion ? { ...obj, apiVersion: schema.asVersion } : obj;
  new schema.model(doc as never).validate();
}
