// What the kind driver needs to know before touching the cluster, read from kind/ (the same
// files `make cluster` applies): the gateway's host address from the kind port mapping of its
// HTTP nodePort (its host port replaced by KIND_HTTP_PORT when set, as make cluster replaces
// it), and the forwarder workloads to port-forward to. Pure: tested without a cluster.
import { UsageError } from "../errors.js";
import { collect } from "../preflight/collect.js";
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

export interface KindPlan {
  cluster: string;
  /** kubeconfig context kind creates for the cluster. */
  context: string;
  gatewayOrigin: string;
  forwarders: ForwarderPlan[];
}

/** KIND_HTTP_PORT as make cluster validates it (kind/scripts/kind-config.js); unset or empty: none. */
function hostPortSetting(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1024 || Number(value) > 65535) {
    throw new UsageError(`--target kind: KIND_HTTP_PORT=${value} is not a port in 1024-65535; set it to the value make cluster ran with (default: the hostPort in kind/cluster.yaml)`);
  }
  return Number(value);
}

function gatewayOrigin(config: Config, httpHostPort: number | undefined): string {
  const http = config.gateway.ports.find((p) => p.port === 80);
  if (config.gateway.serviceType !== "NodePort" || http?.nodePort === undefined) {
    throw new UsageError(`--target kind: the ingress gateway's port 80 has no fixed nodePort in its helm values; make it a NodePort (see meshcheck preflight)`);
  }
  for (const cluster of config.resources.filter((r) => r.kind === "Cluster")) {
    for (const node of asArray(cluster.obj.nodes)) {
      for (const m of asArray(asRecord(node)?.extraPortMappings).map(asRecord)) {
        if (m?.containerPort !== http.nodePort || typeof m.hostPort !== "number") continue;
        const listen = asString(m.listenAddress);
        const host = !listen || listen === "0.0.0.0" ? "127.0.0.1" : listen;
        return `http://${host.includes(":") ? `[${host}]` : host}:${httpHostPort ?? m.hostPort}`;
      }
    }
  }
  throw new UsageError(`--target kind: no extraPortMapping in the kind config maps the gateway's nodePort ${http.nodePort} to a host port`);
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

/** `httpHostPort`: the KIND_HTTP_PORT setting make cluster mapped the gateway's HTTP port to. */
export function kindPlan(kindDir: string, cluster: string, httpHostPort?: string): KindPlan {
  const port = hostPortSetting(httpHostPort);
  const config = collect(kindDir);
  return { cluster, context: `kind-${cluster}`, gatewayOrigin: gatewayOrigin(config, port), forwarders: forwarders(config) };
}
