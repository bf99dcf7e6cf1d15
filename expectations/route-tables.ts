// The route tables the profile's route-derived sections (routing, canary, timeouts, retries,
// fault injection) are read from, whichever API states them: gateway-bound VirtualServices, and
// Gateway API HTTPRoutes read as VirtualService-form tables (manifests/gateway-api-routes.ts:
// matches already in precedence order, weights as percents), each with where a probe reaches it.
import { gatewayVirtualServices } from "../manifests/gateway-binding.js";
import { asVirtualService, gatewayAttachments, meshAsVirtualService, meshHttpRoutes } from "../manifests/gateway-api-routes.js";
import { workloadsOf } from "../manifests/labels.js";
import { findConfigService } from "../manifests/service-hosts.js";
import type { MeshModel, VirtualService } from "../manifests/types.js";
import type { RouteApi } from "../spec/profile/types.js";
import { probeHost } from "./probe-host.js";

/** Where the gateways are reached from the harness. */
export interface GatewayOrigins {
  /** The Istio ingress gateway (helm chart), e.g. http://127.0.0.1:PORT. */
  gateway: string;
  /**
   * The gateway deployed for each Gateway API Gateway, by `namespace/name`. Absent: one gateway
   * serves every host (the local mesh). Present without a Gateway: its routes are unreachable,
   * so they get no entry (sending them to the other gateway would test nothing).
   */
  gatewayApi?: Record<string, string>;
}

export interface ReachableTable {
  api: RouteApi;
  vs: VirtualService;
  url: string;
  /** The Host to send (absent: the URL's own, for in-mesh calls to a Service). */
  host?: string;
  /** The forwarder to send from (absent: from outside, through a gateway). */
  vantage?: string;
}

/** A caller inside the mesh that may call every backend of a mesh route, by name. */
export type MeshCaller = (model: MeshModel, vs: VirtualService) => string | undefined;

/** Gateway-bound tables of both APIs, in manifest order (VirtualServices first). */
export function gatewayTables(model: MeshModel, origins: GatewayOrigins): ReachableTable[] {
  const out: ReachableTable[] = [];
  for (const vs of gatewayVirtualServices(model)) {
    const host = probeHost(vs);
    if (host !== undefined) out.push({ api: "VirtualService", vs, url: `${origins.gateway}/`, host });
  }
  for (const a of gatewayAttachments(model)) {
    const vs = asVirtualService(a);
    const host = probeHost(vs);
    const origin = origins.gatewayApi === undefined ? origins.gateway : origins.gatewayApi[`${a.gateway.namespace}/${a.gateway.name}`];
    if (host !== undefined && origin !== undefined) out.push({ api: "HTTPRoute", vs, url: `${origin}/`, host });
  }
  return out;
}

/** GAMMA HTTPRoutes, each reached by calling its Service from an in-mesh caller `callerFor` names. */
export function meshTables(model: MeshModel, callerFor: MeshCaller): ReachableTable[] {
  const out: ReachableTable[] = [];
  for (const service of model.services) {
    const port = service.ports[0]?.port;
    for (const route of meshHttpRoutes(model, service)) {
      const vs = meshAsVirtualService(route, service);
      const vantage = callerFor(model, vs);
      if (port === undefined || vantage === undefined) continue;
      out.push({ api: "HTTPRoute", vs, url: `http://${service.name}.${service.namespace}:${port}/`, vantage });
    }
  }
  return out;
}

/** The workloads behind every destination of a table's routes (undefined: one names no Service). */
export function destinationWorkloads(model: MeshModel, vs: VirtualService): ReturnType<typeof workloadsOf> | undefined {
  const out: ReturnType<typeof workloadsOf> = [];
  for (const r of vs.http) {
    for (const d of r.route) {
      const svc = findConfigService(model, d.destination.host, vs.namespace);
      if (!svc) return undefined;
      out.push(...workloadsOf(model, svc));
    }
  }
  return out;
}
