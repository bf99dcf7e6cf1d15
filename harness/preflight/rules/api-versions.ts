// Istio serves networking and security `v1` since 1.22; the older versions still work but are
// on their way out, so they are warnings, not errors.
import { warningAt } from "../finding.js";
import type { Config, Finding } from "../types.js";

const CURRENT: Record<string, string> = {
  "networking.istio.io": "v1",
  "security.istio.io": "v1",
};

export function apiVersions(config: Config): Finding[] {
  return config.resources.flatMap((r) => {
    const [group, version] = r.apiVersion.split("/");
    const current = group ? CURRENT[group] : undefined;
    if (!current || !version || version === current) return [];
    // Gateway, VirtualService, PeerAuthentication and AuthorizationPolicy are v1; other kinds
    // (EnvoyFilter, …) may have no v1 yet.
    if (!["Gateway", "VirtualService", "DestinationRule", "ServiceEntry", "Sidecar", "PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication"].includes(r.kind)) return [];
    return [warningAt("api-version", r.doc, ["apiVersion"], `${r.kind} ${r.name} uses ${r.apiVersion}; ${group}/${current} is current since Istio 1.22`)];
  });
}
