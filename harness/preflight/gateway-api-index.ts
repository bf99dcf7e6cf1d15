// Lookups over the Kubernetes Gateway API resources preflight read (gateway.networking.k8s.io):
// Gateways, HTTPRoutes, what a parentRef or backendRef names, and the gateway Istio deploys for
// a Gateway of its class. Istio (pilot's deployment controller, 1.29) names that gateway's
// Deployment, Service and ServiceAccount `<gateway>-<class>` unless the Gateway's annotations
// gateway.istio.io/name-override or gateway.istio.io/service-account say otherwise; its Service
// type is networking.istio.io/service-type (LoadBalancer by default); its ports are 15021 and
// one per distinct listener port; and a ConfigMap named by spec.infrastructure.parametersRef is
// merged into what it renders, key `service` into the Service (ports merged by `port`).
import { parse } from "yaml";
import { ofKind, spec } from "./mesh-index.js";
import { asArray, asLabels, asRecord, asString } from "./values.js";
import type { Config, Resource } from "./types.js";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** The GatewayClass whose Gateways Istio deploys a gateway for (not its waypoint classes). */
export const ISTIO_GATEWAY_CLASS = "istio";
const STATUS_PORT = 15021;

export function gatewayApiGateways(config: Config): Resource[] {
  return ofKind(config, "Gateway", GATEWAY_API_GROUP);
}

export function httpRoutes(config: Config): Resource[] {
  return ofKind(config, "HTTPRoute", GATEWAY_API_GROUP);
}

export function annotations(r: Resource): Record<string, string> {
  return asLabels(asRecord(r.obj.metadata)?.annotations);
}

/** A parentRef or backendRef, with the spec's defaults filled in. */
export interface ObjectRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  sectionName?: string;
  port?: number;
  /** As written, for messages. */
  raw: Record<string, unknown>;
}

/** `ref` with its defaults: group `defaultGroup`, kind `defaultKind`, the referrer's namespace. */
export function objectRef(ref: unknown, defaultGroup: string, defaultKind: string, fromNamespace: string | undefined): ObjectRef {
  const r = asRecord(ref) ?? {};
  const group = typeof r.group === "string" ? r.group : defaultGroup;
  const sectionName = asString(r.sectionName);
  return {
    group,
    kind: asString(r.kind) || defaultKind,
    name: asString(r.name),
    namespace: asString(r.namespace) || fromNamespace || "",
    ...(sectionName ? { sectionName } : {}),
    ...(typeof r.port === "number" ? { port: r.port } : {}),
    raw: r,
  };
}

export function listeners(gateway: Resource): Record<string, unknown>[] {
  return asArray(spec(gateway).listeners).flatMap((l) => {
    const r = asRecord(l);
    return r ? [r] : [];
  });
}

/**
 * Whether a listener's allowedRoutes admits routes from `routeNamespace`: `Same` (the default)
 * only the Gateway's namespace, `All` any, `Selector` the namespaces whose labels match
 * (matchLabels; matchExpressions are not judged, so a selector with them admits).
 */
export function listenerAdmits(config: Config, gateway: Resource, listener: Record<string, unknown>, routeNamespace: string): boolean {
  const ns = asRecord(asRecord(listener.allowedRoutes)?.namespaces) ?? {};
  const from = asString(ns.from) || "Same";
  if (from === "All") return true;
  if (from === "Same") return routeNamespace === gateway.namespace;
  if (from !== "Selector") return false;
  const selector = asRecord(ns.selector) ?? {};
  if (asArray(selector.matchExpressions).length > 0) return true;
  const want = asLabels(selector.matchLabels);
  const nsResource = ofKind(config, "Namespace").find((n) => n.name === routeNamespace);
  // Kubernetes labels every namespace with its own name.
  const labels: Record<string, string> = { ...asLabels(asRecord(nsResource?.obj.metadata)?.labels), "kubernetes.io/metadata.name": routeNamespace };
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

/** The gateway Istio deploys for a Gateway of class `istio`. */
export interface DeployedGateway {
  gateway: Resource;
  namespace: string;
  /** Deployment and Service name. */
  name: string;
  serviceAccount: string;
  serviceType: string;
  /** Its Service's ports: the status port, then one per distinct listener port. */
  ports: { port: number; nodePort?: number }[];
  /** The pods' label Istio selects them by. */
  podLabels: Record<string, string>;
}

/** The `service` overlay of the Gateway's parametersRef ConfigMap, parsed; {} when none. */
function serviceOverlay(config: Config, gateway: Resource): Record<string, unknown> {
  const ref = asRecord(asRecord(spec(gateway).infrastructure)?.parametersRef);
  if (!ref || asString(ref.kind) !== "ConfigMap" || asString(ref.group) !== "") return {};
  const cm = ofKind(config, "ConfigMap").find((c) => c.name === asString(ref.name) && c.namespace === gateway.namespace);
  const text = asString(asRecord(cm?.obj.data)?.service);
  if (!text) return {};
  try {
    return asRecord(parse(text)) ?? {};
  } catch {
    return {}; // a broken overlay: Istio refuses to render the gateway; not judged here
  }
}

export function deployedGateway(config: Config, gateway: Resource): DeployedGateway | undefined {
  const s = spec(gateway);
  const className = asString(s.gatewayClassName);
  if (className !== ISTIO_GATEWAY_CLASS || !gateway.namespace) return undefined;
  const notes = annotations(gateway);
  const name = notes["gateway.istio.io/name-override"] || `${gateway.name}-${className}`;
  const overlay = asRecord(serviceOverlay(config, gateway).spec) ?? {};
  const nodePorts = new Map<number, number>();
  for (const p of asArray(overlay.ports).map(asRecord)) {
    if (typeof p?.port === "number" && typeof p.nodePort === "number") nodePorts.set(p.port, p.nodePort);
  }
  const portNumbers = [STATUS_PORT, ...new Set(listeners(gateway).flatMap((l) => (typeof l.port === "number" ? [l.port] : [])))];
  return {
    gateway,
    namespace: gateway.namespace,
    name,
    serviceAccount: notes["gateway.istio.io/service-account"] || name,
    serviceType: asString(overlay.type) || notes["networking.istio.io/service-type"] || "LoadBalancer",
    ports: [...new Set(portNumbers)].map((port) => {
      const nodePort = nodePorts.get(port);
      return { port, ...(nodePort !== undefined ? { nodePort } : {}) };
    }),
    podLabels: { "gateway.networking.k8s.io/gateway-name": gateway.name },
  };
}

/** Every gateway Istio deploys for the Gateways in the manifests. */
export function deployedGateways(config: Config): DeployedGateway[] {
  return gatewayApiGateways(config).flatMap((g) => deployedGateway(config, g) ?? []);
}
