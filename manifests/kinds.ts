// The resource kinds the local mesh understands: for each, the apiVersions it accepts, the
// fields it accepts (accepted-fields.ts) and the mapper that turns it into the model.
import * as accepted from "./accepted-fields.js";
import type { ResourceFields } from "./fields.js";
import { mapGateway, mapVirtualService } from "./map-istio.js";
import { mapNamespace, mapService, mapServiceAccount } from "./map-kubernetes.js";
import { mapAuthorizationPolicy, mapPeerAuthentication } from "./map-security.js";
import { mapDeployment } from "./map-workloads.js";
import { mapDestinationRule } from "./map-destination-rule.js";
import type { ObjectName } from "./metadata.js";
import type { Shape } from "./shape.js";
import type { Source } from "./types.js";

interface KindSpec<T> {
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

function kind<T>(spec: KindSpec<T>): KindSpec<T> {
  return spec;
}

export const KINDS = {
  Namespace: kind({ apiVersions: ["v1"], namespaced: false, labelName: true, shape: accepted.NAMESPACE, map: mapNamespace }),
  ServiceAccount: kind({ apiVersions: ["v1"], namespaced: true, labelName: false, shape: accepted.SERVICE_ACCOUNT, map: mapServiceAccount }),
  Deployment: kind({ apiVersions: ["apps/v1"], namespaced: true, labelName: false, shape: accepted.DEPLOYMENT, map: mapDeployment }),
  Service: kind({ apiVersions: ["v1"], namespaced: true, labelName: true, shape: accepted.SERVICE, map: mapService }),
  Gateway: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.GATEWAY, map: mapGateway }),
  VirtualService: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.VIRTUAL_SERVICE, map: mapVirtualService }),
  DestinationRule: kind({ apiVersions: NETWORKING, namespaced: true, labelName: false, shape: accepted.DESTINATION_RULE, map: mapDestinationRule }),
  PeerAuthentication: kind({ apiVersions: SECURITY, namespaced: true, labelName: false, shape: accepted.PEER_AUTHENTICATION, map: mapPeerAuthentication }),
  AuthorizationPolicy: kind({ apiVersions: SECURITY, namespaced: true, labelName: false, shape: accepted.AUTHORIZATION_POLICY, map: mapAuthorizationPolicy }),
};

export type KindName = keyof typeof KINDS;

/** What each kind maps to. */
export type MappedOf<K extends KindName> = ReturnType<(typeof KINDS)[K]["map"]>;

export function isKindName(kind: string): kind is KindName {
  return Object.hasOwn(KINDS, kind);
}
