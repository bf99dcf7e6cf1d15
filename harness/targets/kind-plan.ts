// What the kind driver needs to know before touching the cluster, read from kind/ (the same
// files `make cluster` applies): the gateway's host address from the kind port mapping of its
// HTTP nodePort (its host port replaced by KIND_HTTP_PORT when set, as make cluster replaces
// it), the gateways Istio deploys for Gateway API Gateways (kind/manifests/gateway-api) and
// their host addresses the same way (KIND_GWAPI_PORT), and the forwarder workloads to
// port-forward to. Pure: tested without a cluster.
import { UsageError } from "../errors.js";
import { collect } from "../preflight/collect.js";
import { deployedGateways, listeners } from "../preflight/gateway-api-index.js";
import { ofKind, namespaceInjected, namespaceResource, spec, TRUST_DOMAIN } from "../preflight/mesh-index.js";
import { asArray, asLabels, asRecord, asString } from "../preflight/values.js";
import type { Config } from "../preflight/types.js";

export interface ForwarderPlan {
  /** Vantage name: the service account for in-mesh workloads, the Deployment otherwise (as the local mesh names them). */
  name: string;
  namespace: string;
  deployment: string;
  /** Pod selector of the Deployment. */
  matchLabels: Record<string, string>;
  /** The echo app's forwarder port (containerPort named `admin`). */
  adminPort: number;
  /** Where the forwarder's token is: the Secret key its ADMIN_TOKEN env comes from (secretKeyRef). */
  tokenSecret: { name: string; key: string };
  /** SPIFFE ID when the workload gets a sidecar. */
  spiffe?: string;
}

/** The gateway Istio deploys for a Gateway API Gateway, and where the host reaches its HTTP listener. */
export interface GatewayApiPlan {
  /** The Gateway (gateway.networking.k8s.io) it is deployed for. */
  gateway: string;
  namespace: string;
  /** Istio's Deployment (and Service) for it: `<gateway>-istio` unless the Gateway renames it. */
  deployment: string;
  matchLabels: Record<string, string>;
  /** http://127.0.0.1:<host port> of its HTTP listener's nodePort. */
  origin: string;
}

export interface KindPlan {
  cluster: string;
  /** kubeconfig context kind creates for the cluster. */
  context: string;
  gatewayOrigin: string;
  gatewayApi: GatewayApiPlan[];
  forwarders: ForwarderPlan[];
}

/** KIND_HTTP_PORT (or `name`) as make cluster validates it (kind/scripts/kind-config.js); unset or empty: none. */
function hostPortSetting(value: string | undefined, name = "KIND_HTTP_PORT"): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1024 || Number(value) > 65535) {
    throw new UsageError(`--target kind: ${name}=${value} is not a port in 1024-65535; set it to the value make cluster ran with (default: the hostPort in kind/cluster.yaml)`);
  }
  return Number(value);
}

/** The host address kind forwards to `nodePort`, its port replaced by `hostPort` when set. */
function mappedOrigin(config: Config, nodePort: number, hostPort: number | undefined): string | undefined {
  for (const cluster of config.resources.filter((r) => r.kind === "Cluster")) {
    for (const node of asArray(cluster.obj.nodes)) {
      for (const m of asArray(asRecord(node)?.extraPortMappings).map(asRecord)) {
        if (m?.containerPort !== nodePort || typeof m.hostPort !== "number") continue;
        const listen = asString(m.listenAddress);
        const host = !listen || listen === "0.0.0.0" ? "127.0.0.1" : listen;
        return `http://${host.includes(":") ? `[${host}]` : host}:${hostPort ?? m.hostPort}`;
      }
    }
  }
  return undefined;
}

function gatewayOrigin(config: Config, httpHostPort: number | undefined): string {
  const http = config.gateway.ports.find((p) => p.port === 80);
  if (config.gateway.serviceType !== "NodePort" || http?.nodePort === undefined) {
    throw new UsageError(`--target kind: the ingress gateway's port 80 has no fixed nodePort in its helm values; make it a NodePort (see meshcheck preflight)`);
  }
  const origin = mappedOrigin(config, http.nodePort, httpHostPort);
  if (!origin) throw new UsageError(`--target kind: no extraPortMapping in the kind config maps the gateway's nodePort ${http.nodePort} to a host port`);
  return origin;
}

/**
 * Each gateway Istio deploys for a Gateway API Gateway, found at its HTTP listener's fixed
 * nodePort through the kind mapping (`hostPort`: KIND_GWAPI_PORT, which make cluster maps).
 */
function gatewayApiPlans(config: Config, hostPort: number | undefined): GatewayApiPlan[] {
  return deployedGateways(config).map((d) => {
    const where = `Gateway ${d.namespace}/${d.gateway.name}`;
    const http = listeners(d.gateway).find((l) => asString(l.protocol) === "HTTP" && typeof l.port === "number");
    const port = d.ports.find((p) => p.port === http?.port);
    if (!http || d.serviceType !== "NodePort" || port?.nodePort === undefined) {
      const why = !http ? "has no HTTP listener" : d.serviceType !== "NodePort" ? `gets a ${d.serviceType} Service (annotation networking.istio.io/service-type: NodePort)` : `has no fixed nodePort for port ${String(http.port)} (its infrastructure.parametersRef ConfigMap's service overlay)`;
      throw new UsageError(`--target kind: the gateway Istio deploys for ${where} ${why}, so kind cannot forward a host port to it (see kind/manifests/gateway-api/40-gateway.yaml)`);
    }
    const origin = mappedOrigin(config, port.nodePort, hostPort);
    if (!origin) throw new UsageError(`--target kind: no extraPortMapping in the kind config maps nodePort ${port.nodePort} (${where}, port ${port.port}) to a host port`);
    return { gateway: d.gateway.name, namespace: d.namespace, deployment: d.name, matchLabels: d.podLabels, origin };
  });
}

/** The Secret key the container's ADMIN_TOKEN comes from; the forwarder refuses requests without it. */
function tokenSecret(container: Record<string, unknown>, where: string): { name: string; key: string } {
  const env = asArray(container.env).map(asRecord).find((e) => e?.name === "ADMIN_TOKEN");
  const ref = asRecord(asRecord(env?.valueFrom)?.secretKeyRef);
  const name = asString(ref?.name);
  const key = asString(ref?.key);
  if (!name || !key) {
    throw new UsageError(`--target kind: ${where} has an admin port but no ADMIN_TOKEN from a Secret (env ADMIN_TOKEN valueFrom.secretKeyRef); its forwarder refuses requests without the token`);
  }
  return { name, key };
}

function forwarders(config: Config): ForwarderPlan[] {
  const out: ForwarderPlan[] = [];
  for (const d of ofKind(config, "Deployment", "apps")) {
    const podSpec = asRecord(asRecord(spec(d).template)?.spec) ?? {};
    const container = asArray(podSpec.containers)
      .map(asRecord)
      .find((c) => asArray(c?.ports).some((p) => asRecord(p)?.name === "admin"));
    const admin = asArray(container?.ports)
      .map(asRecord)
      .find((p) => p?.name === "admin");
    if (!container || !d.namespace || typeof admin?.containerPort !== "number") continue;
    const ns = namespaceResource(config, d.namespace);
    const injected = ns !== undefined && namespaceInjected(ns);
    const sa = asString(podSpec.serviceAccountName) || "default";
    const name = injected ? sa : d.name;
    if (out.some((f) => f.name === name)) continue;
    out.push({
      name,
      namespace: d.namespace,
      deployment: d.name,
      matchLabels: asLabels(asRecord(spec(d).selector)?.matchLabels),
      adminPort: admin.containerPort,
      tokenSecret: tokenSecret(container, `Deployment ${d.namespace}/${d.name}`),
      ...(injected ? { spiffe: `spiffe://${TRUST_DOMAIN}/ns/${d.namespace}/sa/${sa}` } : {}),
    });
  }
  return out;
}

/**
 * `httpHostPort`: the KIND_HTTP_PORT setting make cluster mapped the gateway's HTTP port to;
 * `gwapiHostPort`: KIND_GWAPI_PORT, the host port of the Gateway API gateway's.
 */
export function kindPlan(kindDir: string, cluster: string, httpHostPort?: string, gwapiHostPort?: string): KindPlan {
  const port = hostPortSetting(httpHostPort);
  const gwapiPort = hostPortSetting(gwapiHostPort, "KIND_GWAPI_PORT");
  const config = collect(kindDir);
  return { cluster, context: `kind-${cluster}`, gatewayOrigin: gatewayOrigin(config, port), gatewayApi: gatewayApiPlans(config, gwapiPort), forwarders: forwarders(config) };
}
