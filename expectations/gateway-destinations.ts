// Gateway hosts whose catch-all route sends everything to one Service: the addressable
// destinations of the DestinationRule and disruption targets (a request with no conditions
// reaches exactly that Service, so what happens to it is what its rule or workload promises).
import type { MeshModel, Service, VirtualService } from "../manifests/types.js";
import { gatewayVirtualServices } from "../manifests/gateway-binding.js";
import { findConfigService } from "../manifests/service-hosts.js";
import { probeHost } from "./probe-host.js";

export interface GatewayDestination {
  vs: VirtualService;
  /** A concrete Host to send (`*.x` → `probe.x`). */
  host: string;
  service: Service;
}

export function gatewayDestinations(model: MeshModel): GatewayDestination[] {
  const out: GatewayDestination[] = [];
  for (const vs of gatewayVirtualServices(model)) {
    const host = probeHost(vs);
    const route = vs.http.find((r) => !r.match || r.match.length === 0);
    const only = route?.route.length === 1 ? route.route[0] : undefined;
    const service = only && findConfigService(model, only.destination.host, vs.namespace);
    if (host === undefined || !service) continue;
    out.push({ vs, host, service });
  }
  return out;
}
