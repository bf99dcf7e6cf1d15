// Usage: node gateway-api-gateways.js DIR → "namespace gateway deployment" for every Gateway
// API Gateway of class istio in DIR's YAML, in file order: the gateways Istio deploys, which
// make cluster waits for. Istio (1.29) names the Deployment `<gateway>-<class>` unless the
// Gateway's gateway.istio.io/name-override annotation names it (as harness/preflight/
// gateway-api-index.ts reads it for preflight and --target kind).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node gateway-api-gateways.js DIR");
  process.exit(2);
}
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    const obj = doc.toJS();
    if (obj?.kind !== "Gateway" || !String(obj.apiVersion).startsWith("gateway.networking.k8s.io/")) continue;
    const className = obj.spec?.gatewayClassName;
    if (className !== "istio" || !obj.metadata?.name) continue;
    const deployment = obj.metadata.annotations?.["gateway.istio.io/name-override"] ?? `${obj.metadata.name}-${className}`;
    console.log(`${obj.metadata.namespace ?? "default"} ${obj.metadata.name} ${deployment}`);
  }
}
