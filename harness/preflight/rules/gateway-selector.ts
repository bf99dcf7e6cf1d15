// A Gateway configures the proxies whose pods its selector matches. The ingress gateway pods
// get their labels from the istio/gateway chart (values `labels`, else derived from the release
// name), so a selector written for istioctl's `istio: ingressgateway` matches nothing.
import { errorAt, warningAt } from "../finding.js";
import { ofKind, spec } from "../mesh-index.js";
import { asLabels, formatLabels, labelsMatch } from "../values.js";
import type { Config, Finding } from "../types.js";

export function gatewaySelector(config: Config): Finding[] {
  const gw = config.gateway;
  const source = gw.values ? `helm values ${gw.values.file}` : `the chart's defaults for release ${gw.release}`;
  return ofKind(config, "Gateway", "networking.istio.io").flatMap((g) => {
    const selector = asLabels(spec(g).selector);
    if (Object.keys(selector).length === 0) {
      return [warningAt("gateway-selector", g.doc, ["spec"], `Gateway ${g.name} has no selector: it applies to every gateway proxy in the mesh`)];
    }
    if (labelsMatch(selector, gw.labels)) return [];
    return [
      errorAt(
        "gateway-selector",
        g.doc,
        ["spec", "selector"],
        `Gateway ${g.name} selects ${formatLabels(selector)}, but the ingress gateway pods are labelled ${formatLabels(gw.labels)} (${source}): the Gateway configures no proxy and its hosts get no listener; select ${formatLabels({ istio: gw.labels.istio ?? "" })}`,
      ),
    ];
  });
}
