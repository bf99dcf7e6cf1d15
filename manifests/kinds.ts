// The resource kinds the local mesh understands: for each, the apiVersions it accepts, the
// fields it accepts (accepted-fields.ts) and the mapper that turns it into the model.
import * as accepted from "./accepted-fields.js";
import type { ResourceFields } from "./fields.js";
import { mapGateway, mapVirtualService } from "./map-istio.js";
import { mapConfigMap, mapNamespace, mapService, mapServiceAccount } from "./map-kubernetes.js";
import { mapAuthorizationPolicy, mapPeerAuthentication } from "./map-security.js";
import { mapDeployment } from "./map-workloads.js";
import { mapDestinationRule } from "./map-destination-rule.js";
import { GATEWAY_API_GROUP, mapHttpRoute, mapKubeGateway } from "./map-gateway-api.js";
import type { ObjectName } from "./metadata.js";
import type { Shape } from "./shape.js";
import type { Source } from "./types.js";

interface KindSpec<T> {
  /** The manifest's `kind` (the key differs where two API groups share a kind name: Gateway). */
  kind: string;
  apiVersions: readonly string[];
  namespaced: boolean;
  /** Kubernetes requires a DNS label (no dots) for this kind's names. */
  labelName: boolean;
  shape: Shape;
  map(fields: ResourceFields, id: ObjectName, source: Source): T;
}

// Istio serves v1beta1 and v1 of these kinds from the same schema, so v1beta1 manifests (the seed's,
// and most in the wild) load unchanged; `meshcheck preflight` is where the deprecation is reported.
// v1alpha3 and older are rejected: they predate the kinds' current field set.
const NETWORKING = ["networking.istio.io/v1", "networking.istio.io/v1beta1"] as const;
const SECURITY = ["security.istio.io/v1", "security.istio.io/v1beta1"] as const;
// The Gateway API's standard channel serves Gateway and HTTPRoute at v1.
const GATEWAY_API = ["gateway.networking.k8s.io/v1"] as const;

function kind<T>(spec: Omit<KindSpec<T>, "kind">, name: string): KindSpec<T> {
  return { ...spec, kind: name };
}

export const KINDS = {
  Namespace: kind({ apiVersions: ["v1"], namespaced: false, labelName: true, shape: accepted.NAMESPACE, map: mapNamespace }, "Namespace"),
  ServiceAccount: kind({ apiVersions: ["v1"], namespaced: true, labelName: false, shape: accepted.SERVICE_ACCOUNT, map: mapServiceAccount }, "ServiceAccount"),
  Deployment: kind({ apiVersions: ["apps/v1"], namespaced: true, labelName: false, shape: accepted.DEPLOYMENT, map: mapDeployment }, "Deployment"),
  Service: kind({ apiVersions: ["v1"], namespaced: true, labelName: true, shape: accepted.SERVICE, map: mapService }, "Service"),
  Gateway: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.GATEWAY, map: mapGateway }, "Gateway"),
  VirtualService: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.VIRTUAL_SERVICE, map: mapVirtualService }, "VirtualService"),
  DestinationRule: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.DESTINATION_RULE, map: mapDestinationRule }, "DestinationRule"),
  PeerAuthentication: kind({ apiVersions: SECURITY, namespaced: true, labelName: false, shape: accepted.PEER_AUTHENTICATION, map: mapPeerAuthentication }, "PeerAuthentication"),
  ConfigMap: kind({ apiVersions: ["v1"], namespaced: true, labelName: false, shape: accepted.CONFIG_MAP, map: mapConfigMap }, "ConfigMap"),
  KubeGateway: kind({ apiVersions: GATEWAY_API, namespaced: true, labelName: false, shape: accepted.KUBE_GATEWAY, map: mapKubeGateway }, "Gateway"),
  HTTPRoute: kind({ apiVersions: GATEWAY_API, namespaced: true, labelName: false, shape: accepted.HTTP_ROUTE, map: mapHttpRoute }, "HTTPRoute"),
  AuthorizationPolicy: kind({ apiVersions: SECURITY, namespaced: true, labelName: false, shape: accepted.AUTHORIZATION_POLICY, map: mapAuthorizationPolicy }, "AuthorizationPolicy"),
};

export type KindName = keyof typeof KINDS;

/** What each kind maps to. */
export type MappedOf<K extends KindName> = ReturnType<(typeof KINDS)[K]["map"]>;

/**
 * The KINDS key for a manifest's kind and apiVersion: Istio's Gateway and the Gateway API's share
 * a kind name and differ by API group. Undefined: a kind the local mesh does not know.
 */
export function kindKeyOf(kind: string, apiVersion: string): KindName | undefined {
  if (kind === "Gateway" && apiVersion.startsWith(`${GATEWAY_API_GROUP}/`)) return "KubeGateway";
  const key = Object.keys(KINDS).find((k) => KINDS[k as KindName].kind === kind && k !== "KubeGateway");
  return key as KindName | undefined;
}

/** The kind names as manifests spell them, for messages. */
export const KIND_NAMES = [...new Set(Object.values(KINDS).map((k) => k.kind))];
