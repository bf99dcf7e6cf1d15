// Gateway hosts whose catch-all route sends everything to one Service: the addressable
// destinations of the DestinationRule and disruption targets (a request with no conditions
// reaches exactly that Service, so what happens to it is what its rule or workload promises).
import type { MeshModel, Service, VirtualService } from "../manifests/types.js";
import { boundTo, selectedGateways } from "../local-mesh/runtime/gateway-config.js";
import type { Registry } from "../local-mesh/runtime/registry.js";

export interface GatewayDestination {
  vs: VirtualService;
  /** A concrete Host to send (`*.x` → `probe.x`). */
  host: string;
  service: Service;
}

export function gatewayDestinations(model: MeshModel, registry: Registry): GatewayDestination[] {
  const gws = selectedGateways(model);
  const out: GatewayDestination[] = [];
  for (const vs of model.virtualServices) {
    if (!gws.some((g) => boundTo(vs, g))) continue;
    const pattern = vs.hosts.find((h) => h !== "*");
    const route = vs.http.find((r) => !r.match || r.match.length === 0);
    const only = route?.route.length === 1 ? route.route[0] : undefined;
    const service = only && registry.findService(only.destination.host, vs.namespace);
    if (pattern === undefined || !service) continue;
    out.push({ vs, host: pattern.startsWith("*.") ? `probe${pattern.slice(1)}` : pattern, service });
  }
  return out;
}
