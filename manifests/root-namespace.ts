/**
 * Istio's default meshConfig.rootNamespace. A PeerAuthentication there without a selector is
 * mesh-wide; an AuthorizationPolicy there applies in every namespace (its selector too).
 */
export const ROOT_NAMESPACE = "istio-system";
