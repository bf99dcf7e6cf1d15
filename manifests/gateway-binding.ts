// Which Gateways the ingress gateway's pods serve, and which VirtualServices bind to a Gateway.
import type { Gateway, MeshModel, VirtualService } from "./types.js";
import { selects } from "./labels.js";

/** Gateways whose selector matches the ingress gateway's pod labels. */
export function selectedGateways(model: MeshModel): Gateway[] {
  return model.gateways.filter((g) => Object.keys(g.selector).length > 0 && selects(g.selector, model.ingressGateway.labels));
}

/** Does a VirtualService name this gateway in `gateways` (`ns/name`, or `name` in its own namespace)? */
export function boundTo(vs: VirtualService, gw: Gateway): boolean {
  return vs.gateways.some((ref) => {
    const [ns, name] = ref.includes("/") ? ref.split("/", 2) : [vs.namespace, ref];
    return ns === gw.namespace && name === gw.name;
  });
}

/** The VirtualServices bound to a Gateway the ingress gateway serves, in manifest order. */
export function gatewayVirtualServices(model: MeshModel): VirtualService[] {
  const gws = selectedGateways(model);
  return model.virtualServices.filter((vs) => gws.some((g) => boundTo(vs, g)));
}
