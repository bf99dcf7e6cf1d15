// The ConfigMap a Gateway's spec.infrastructure.parametersRef names, as Istio (1.29) reads it
// when it deploys the gateway: it must exist in the Gateway's namespace, be a ConfigMap (the only
// kind Istio takes), hold only the keys Istio overlays (deployment, service, serviceAccount,
// horizontalPodAutoscaler, podDisruptionBudget), each a YAML mapping. Otherwise Istio does not
// render the gateway at all: no Deployment, no Service, every route on it dead (and here, the
// Service's fixed nodePort that kind forwards to comes from that ConfigMap).
import { parse } from "yaml";
import { errorAt } from "../finding.js";
import { ofKind, spec } from "../mesh-index.js";
import { ISTIO_GATEWAY_CLASS, gatewayApiGateways } from "../gateway-api-index.js";
import { asRecord, asString } from "../values.js";
import type { Config, Finding } from "../types.js";

const OVERLAY_KEYS = ["deployment", "service", "serviceAccount", "horizontalPodAutoscaler", "podDisruptionBudget"];

export function gatewayInfrastructure(config: Config): Finding[] {
  const out: Finding[] = [];
  for (const gw of gatewayApiGateways(config)) {
    if (asString(spec(gw).gatewayClassName) !== ISTIO_GATEWAY_CLASS) continue;
    const ref = asRecord(asRecord(spec(gw).infrastructure)?.parametersRef);
    if (!ref) continue;
    const path = ["spec", "infrastructure", "parametersRef"];
    const what = `Gateway ${gw.namespace ?? ""}/${gw.name}`;
    if (asString(ref.kind) !== "ConfigMap" || asString(ref.group) !== "") {
      out.push(errorAt("gateway-infrastructure", gw.doc, path, `${what}: parametersRef names ${asString(ref.group) || "core"}/${asString(ref.kind)}; Istio takes only a ConfigMap (group ""), and deploys no gateway for anything else`));
      continue;
    }
    const name = asString(ref.name);
    const cm = ofKind(config, "ConfigMap").find((c) => c.name === name && c.namespace === gw.namespace);
    if (!cm) {
      out.push(errorAt("gateway-infrastructure", gw.doc, [...path, "name"], `${what}: parametersRef names ConfigMap ${name}, which is not in the manifests in namespace ${gw.namespace ?? "?"}; Istio deploys no gateway until it exists`));
      continue;
    }
    for (const [key, value] of Object.entries(asRecord(cm.obj.data) ?? {})) {
      if (!OVERLAY_KEYS.includes(key)) {
        out.push(errorAt("gateway-infrastructure", cm.doc, ["data", key], `ConfigMap ${name} (parameters of ${what}): key ${key} is not one Istio overlays (${OVERLAY_KEYS.join(", ")}); it refuses to render the gateway`));
        continue;
      }
      let parsed: unknown;
      try {
        parsed = parse(asString(value));
      } catch (err) {
        parsed = err;
      }
      if (!asRecord(parsed) || parsed instanceof Error) {
        out.push(errorAt("gateway-infrastructure", cm.doc, ["data", key], `ConfigMap ${name} (parameters of ${what}): ${key} is not a YAML mapping${parsed instanceof Error ? ` (${parsed.message.split("\n")[0] ?? ""})` : ""}; Istio cannot overlay it and renders no gateway`));
      }
    }
  }
  return out;
}
