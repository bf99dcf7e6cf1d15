// The ingress gateway the istio/gateway chart creates, from its helm values and release name.
// The chart derives the pods' labels from the release name (app: RELEASE, istio: RELEASE
// without its `istio-` prefix) and the service account from it; its Service is a LoadBalancer
// with random node ports unless the values say otherwise (manifests/charts/gateway).
import { basename } from "node:path";
import type { HelmRelease, IngressGatewaySpec, YamlDoc } from "./types.js";
import { asRecord, asString } from "./values.js";

export const DEFAULT_GATEWAY_RELEASE = "istio-ingress";
export const DEFAULT_GATEWAY_NAMESPACE = "istio-system";

const CHART_DEFAULT_PORTS = [
  { name: "status-port", port: 15021 },
  { name: "http2", port: 80 },
  { name: "https", port: 443 },
];

export function isGatewayChart(chart: string): boolean {
  return /(^|\/)gateway$/.test(chart) && !chart.includes("gateway-api");
}

/** The gateway release in the scripts (first istio/gateway install), and its values document. */
export function ingressGateway(releases: HelmRelease[], values: YamlDoc[]): IngressGatewaySpec {
  const rel = releases.find((r) => isGatewayChart(r.chart));
  const byFlag = rel?.valuesFiles.map((f) => basename(f));
  const doc =
    values.find((v) => byFlag?.includes(basename(v.file))) ?? values.find((v) => /gateway.*values|values.*gateway/i.test(basename(v.file)));
  const v = asRecord(doc?.value) ?? {};
  const release = rel?.release ?? DEFAULT_GATEWAY_RELEASE;
  const name = asString(v.name) || release;
  const labels = asRecord(v.labels) ?? {};
  const service = asRecord(v.service) ?? {};
  const sa = asRecord(v.serviceAccount) ?? {};
  const ports = Array.isArray(service.ports)
    ? service.ports.map(asRecord).flatMap((p) => {
        const port = p?.port;
        if (!p || typeof port !== "number") return [];
        const nodePort = typeof p.nodePort === "number" ? p.nodePort : undefined;
        return [{ port, ...(asString(p.name) ? { name: asString(p.name) } : {}), ...(nodePort !== undefined ? { nodePort } : {}) }];
      })
    : CHART_DEFAULT_PORTS;
  return {
    release,
    namespace: rel?.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
    labels: {
      ...Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string")),
      app: asString(labels.app) || name,
      istio: asString(labels.istio) || name.replace(/^istio-/, ""),
    },
    serviceAccount: asString(sa.name) || name,
    serviceType: asString(service.type) || "LoadBalancer",
    ports,
    ...(doc ? { values: doc } : {}),
  };
}
