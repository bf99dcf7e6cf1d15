// VirtualServices that apply inside the mesh (bound to the `mesh` gateway, or to no gateway):
// a sidecar routes a call to a Service through them, as Envoy's outbound route config does.
// A Gateway API HTTPRoute whose parent is the Service (GAMMA) applies the same way, its matches
// in the Gateway API's precedence order, tried before any VirtualService for that Service.
import type { MeshModel, Service } from "../../manifests/types.js";
import { meshHttpRoutes, rankedRoutes } from "../../manifests/gateway-api-routes.js";
import type { BoundRoute } from "./gateway-config.js";
import type { Registry } from "./registry.js";

const boundToMesh = (gateways: string[]) => gateways.length === 0 || gateways.includes("mesh");

/** Routes for calls to `service`, in order; empty when no mesh VirtualService or GAMMA HTTPRoute names it. */
export function meshRoutesFor(model: MeshModel, registry: Registry, service: Service): BoundRoute[] {
  const gamma = rankedRoutes(meshHttpRoutes(model, service)).map((r) => ({ route: r.route, namespace: r.owner.namespace, virtualService: r.owner.name }));
  return gamma.concat(virtualServiceRoutes(model, registry, service));
}

function virtualServiceRoutes(model: MeshModel, registry: Registry, service: Service): BoundRoute[] {
  return model.virtualServices
    .filter((vs) => boundToMesh(vs.gateways))
    .filter((vs) => vs.hosts.some((h) => registry.configService(h, vs.namespace) === service))
    .flatMap((vs) => vs.http.map((route) => ({ route, namespace: vs.namespace, virtualService: vs.name })));
}
