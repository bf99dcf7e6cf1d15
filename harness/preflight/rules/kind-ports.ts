// kind config: each extraPortMapping once, and each one landing on a port the ingress gateway
// listens on. kind forwards a host port to a port on the node container, so what must listen
// there is the gateway Service's nodePort — which only a NodePort Service with fixed nodePorts
// gives — and behind it a port the gateway proxy serves: its status port, or a port some Gateway
// selecting it has a server on (Envoy opens no listener for a Service port without one). A
// gateway Istio deploys for a Gateway API Gateway is the other kind of gateway a mapping may
// land on: its Service has a port per listener, so a fixed nodePort of it has a listener behind.
import { errorAt, warningAt } from "../finding.js";
import { ofKind, spec } from "../mesh-index.js";
import { deployedGateways } from "../gateway-api-index.js";
import { asArray, asLabels, asRecord, asString, labelsMatch } from "../values.js";
import type { Config, Finding, Resource } from "../types.js";

/** The istio/gateway chart's readiness port: the proxy always serves it. */
const STATUS_PORT = 15021;

/**
 * Service ports some Gateway selecting the ingress gateway pods has a server on; undefined when
 * no Gateway selects them (gateway-selector reports that, once, rather than every mapping here).
 */
function servedPorts(config: Config): Set<number> | undefined {
  const served = new Set<number>([STATUS_PORT]);
  let selected = false;
  for (const g of ofKind(config, "Gateway", "networking.istio.io")) {
    if (!labelsMatch(asLabels(spec(g).selector), config.gateway.labels)) continue;
    selected = true;
    for (const server of asArray(spec(g).servers)) {
      const n = asRecord(asRecord(server)?.port)?.number;
      if (typeof n === "number") served.add(n);
    }
  }
  return selected ? served : undefined;
}

interface Mapping {
  node: number;
  index: number;
  containerPort?: number;
  hostPort?: number;
  listenAddress: string;
  protocol: string;
}

function mappings(cluster: Resource): Mapping[] {
  return asArray(cluster.obj.nodes).flatMap((n, node) =>
    asArray(asRecord(n)?.extraPortMappings).map((m, index) => {
      const r = asRecord(m) ?? {};
      return {
        node,
        index,
        ...(typeof r.containerPort === "number" ? { containerPort: r.containerPort } : {}),
        ...(typeof r.hostPort === "number" ? { hostPort: r.hostPort } : {}),
        listenAddress: asString(r.listenAddress) || "0.0.0.0",
        protocol: (asString(r.protocol) || "TCP").toUpperCase(),
      };
    }),
  );
}

export function kindPorts(config: Config): Finding[] {
  const out: Finding[] = [];
  const gw = config.gateway;
  const nodePorts = gw.serviceType === "NodePort" ? gw.ports.filter((p) => p.nodePort !== undefined) : [];
  const gwName = `the ingress gateway Service (istio/gateway release ${gw.release})`;
  const served = servedPorts(config);
  const deployedNodePorts = new Set(deployedGateways(config).flatMap((d) => (d.serviceType === "NodePort" ? d.ports.flatMap((p) => p.nodePort ?? []) : [])));
  for (const cluster of config.resources.filter((r) => r.kind === "Cluster" && r.apiVersion.startsWith("kind.x-k8s.io/"))) {
    const seenContainer = new Map<string, Mapping>();
    const seenHost = new Map<string, Mapping>();
    const all = mappings(cluster);
    for (const m of all) {
      const path = ["nodes", m.node, "extraPortMappings", m.index];
      const cKey = `${m.node}/${m.containerPort}/${m.protocol}`;
      const hKey = `${m.listenAddress}/${m.hostPort}/${m.protocol}`;
      const dupC = seenContainer.get(cKey);
      const dupH = seenHost.get(hKey);
      if (dupC && m.containerPort !== undefined) {
        out.push(errorAt("kind-port-duplicate", cluster.doc, [...path, "containerPort"], `containerPort ${m.containerPort}/${m.protocol} is mapped twice on node ${m.node} (also at line ${cluster.doc.lineOf(["nodes", dupC.node, "extraPortMappings", dupC.index])}); kind cannot create the cluster: remove one`));
        continue;
      }
      if (dupH && m.hostPort !== undefined) {
        out.push(errorAt("kind-port-duplicate", cluster.doc, [...path, "hostPort"], `hostPort ${m.listenAddress}:${m.hostPort}/${m.protocol} is mapped twice (also at line ${cluster.doc.lineOf(["nodes", dupH.node, "extraPortMappings", dupH.index])}): remove one`));
        continue;
      }
      seenContainer.set(cKey, m);
      seenHost.set(hKey, m);
      if (m.containerPort === undefined || deployedNodePorts.has(m.containerPort)) continue;
      if (!nodePorts.some((p) => p.nodePort === m.containerPort)) {
        const why =
          gw.serviceType !== "NodePort"
            ? `${gwName} is a ${gw.serviceType}, so its node ports are random`
            : `no port of ${gwName} has nodePort ${m.containerPort} (it has ${nodePorts.map((p) => `${p.port}→${p.nodePort}`).join(", ") || "none"})`;
        const range = m.containerPort < 30000 || m.containerPort > 32767 ? ` (and ${m.containerPort} is outside the NodePort range 30000-32767)` : "";
        out.push(errorAt("kind-port-nodeport", cluster.doc, [...path, "containerPort"], `host port ${m.hostPort ?? "?"} is forwarded to node port ${m.containerPort}, where nothing listens: ${why}${range}; make the gateway a NodePort Service whose nodePorts are these containerPorts (helm values service.type/ports)`));
        continue;
      }
      const svcPort = nodePorts.find((p) => p.nodePort === m.containerPort);
      if (svcPort && served && !served.has(svcPort.port)) {
        out.push(errorAt("kind-port-listener", cluster.doc, [...path, "containerPort"], `host port ${m.hostPort ?? "?"} is forwarded to node port ${m.containerPort}, the gateway Service's port ${svcPort.port}, but no Gateway selecting the ingress gateway has a server on port ${svcPort.port}, so its proxy does not listen there; remove the mapping (and the Service port), or add the Gateway server`));
      }
    }
    // The harness reaches the gateway's HTTP port through a mapping: without one, --target kind cannot.
    const http = nodePorts.find((p) => p.port === 80);
    if (http && !all.some((m) => m.containerPort === http.nodePort)) {
      out.push(warningAt("kind-port-nodeport", cluster.doc, ["nodes"], `the gateway's HTTP port (80, nodePort ${http.nodePort}) has no extraPortMapping: meshcheck --target kind cannot reach it`));
    }
  }
  return out;
}
