// The observability pieces the harness pushes to and users look at: an Ingress needs a
// controller for its class, and Kiali's Prometheus must be something that gets installed.
import { parse } from "yaml";
import { errorAt } from "../finding.js";
import { findService, ofKind, spec } from "../mesh-index.js";
import { asRecord, asString } from "../values.js";
import type { Config, Finding, YamlDoc } from "../types.js";

function ingressControllers(config: Config, cls: string): boolean {
  if (ofKind(config, "IngressClass").some((c) => c.name === cls)) return true;
  return config.helmReleases.some((r) => r.chart.includes(cls) || r.release.includes(cls));
}

function ingresses(config: Config): Finding[] {
  return ofKind(config, "Ingress", "networking.k8s.io").flatMap((ing) => {
    const annotations = asRecord(asRecord(ing.obj.metadata)?.annotations) ?? {};
    const cls = asString(spec(ing).ingressClassName) || asString(annotations["kubernetes.io/ingress.class"]);
    if (cls && ingressControllers(config, cls)) return [];
    const what = cls ? `class ${cls}` : "no class";
    return [errorAt("ingress-controller", ing.doc, cls ? ["spec", "ingressClassName"] : ["spec"], `Ingress ${ing.name} has ${what}, but nothing installs an ingress controller${cls ? ` for it (no IngressClass ${cls}, no helm release of one)` : ""}: it will never serve; reach the service with kubectl port-forward or route it through the Istio gateway`)];
  });
}

interface PromUrl {
  url: string;
  namespace?: string;
  doc: YamlDoc;
  path: (string | number)[];
}

/** Kiali's external_services.prometheus.url, from helm values, a Kiali CR or a ConfigMap. */
function prometheusUrls(config: Config): PromUrl[] {
  const out: PromUrl[] = [];
  const fromTree = (tree: unknown) => asString(asRecord(asRecord(asRecord(tree)?.external_services)?.prometheus)?.url);
  for (const v of config.values) {
    const url = fromTree(v.value);
    if (url) out.push({ url, doc: v, path: ["external_services", "prometheus", "url"] });
  }
  for (const r of config.resources) {
    if (r.kind === "Kiali") {
      const url = fromTree(r.obj.spec);
      if (url) out.push({ url, doc: r.doc, path: ["spec", "external_services", "prometheus", "url"], ...(r.namespace ? { namespace: r.namespace } : {}) });
    }
    if (r.kind === "ConfigMap") {
      for (const [key, text] of Object.entries(asRecord(r.obj.data) ?? {})) {
        if (!/\.ya?ml$/.test(key) || typeof text !== "string") continue;
        let url = "";
        try {
          url = fromTree(parse(text));
        } catch {
          continue; // not YAML after all: not a Kiali config
        }
        if (url) out.push({ url, doc: r.doc, path: ["data", key], ...(r.namespace ? { namespace: r.namespace } : {}) });
      }
    }
  }
  return out;
}

function prometheus(config: Config): Finding[] {
  return prometheusUrls(config).flatMap((p) => {
    let host: string;
    try {
      host = new URL(p.url).hostname;
    } catch {
      return [errorAt("kiali-prometheus", p.doc, p.path, `Kiali's Prometheus URL ${p.url} is not a URL`)];
    }
    const parts = host.replace(/\.svc(\.cluster\.local)?$/, "").split(".");
    const name = parts[0] ?? host;
    const namespace = parts[1] ?? p.namespace ?? config.gateway.namespace;
    if (parts.length > 2) return []; // outside the cluster: not ours to check
    if (findService(config, name, namespace)) return [];
    // A chart names its Services after the release (RELEASE or RELEASE-component).
    if (config.helmReleases.some((r) => (r.namespace ?? "default") === namespace && name.startsWith(r.release))) return [];
    return [errorAt("kiali-prometheus", p.doc, p.path, `Kiali reads Prometheus at ${p.url}, but nothing installs Service ${name} in namespace ${namespace} (no manifest, no helm release there): install Prometheus or point Kiali at the one you have`)];
  });
}

export function observability(config: Config): Finding[] {
  return [...ingresses(config), ...prometheus(config)];
}
