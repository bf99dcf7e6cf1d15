// authz-gateway-denied's counterpart for the Kubernetes Gateway API: a gateway Istio deploys
// for a Gateway has its own identity (cluster.local/ns/<namespace>/sa/<gateway>-istio), which
// the ingress gateway's principal in a policy does not cover. Where HTTPRoutes attached to that
// Gateway send traffic, the ALLOW policies selecting the destination, taken together, must
// admit that identity; otherwise every request through it gets 403.
import { errorAt } from "../finding.js";
import { TRUST_DOMAIN, ofKind, spec } from "../mesh-index.js";
import { GATEWAY_API_GROUP, deployedGateways, httpRoutes, objectRef, type DeployedGateway } from "../gateway-api-index.js";
import { admits, selects } from "./authorization.js";
import { asArray, asRecord, asString } from "../values.js";
import type { Config, Finding } from "../types.js";

interface Destination {
  name: string;
  namespace: string;
  route: string;
}

/** Services the HTTPRoutes attached to `gw`'s Gateway send to. */
function destinations(config: Config, gw: DeployedGateway): Destination[] {
  return httpRoutes(config).flatMap((route) => {
    const attached = asArray(spec(route).parentRefs).some((p) => {
      const ref = objectRef(p, GATEWAY_API_GROUP, "Gateway", route.namespace);
      return ref.group === GATEWAY_API_GROUP && ref.kind === "Gateway" && ref.name === gw.gateway.name && ref.namespace === gw.namespace;
    });
    if (!attached) return [];
    return asArray(spec(route).rules).flatMap((rule) =>
      asArray(asRecord(rule)?.backendRefs).flatMap((b) => {
        const ref = objectRef(b, "", "Service", route.namespace);
        return ref.group === "" && ref.kind === "Service" && ref.name ? [{ name: ref.name, namespace: ref.namespace, route: route.name }] : [];
      }),
    );
  });
}

export function authzGatewayApi(config: Config): Finding[] {
  const out: Finding[] = [];
  const policies = ofKind(config, "AuthorizationPolicy", "security.istio.io");
  const allows = policies.filter((p) => (asString(spec(p).action) || "ALLOW") === "ALLOW");
  for (const gw of deployedGateways(config)) {
    const principal = `${TRUST_DOMAIN}/ns/${gw.namespace}/sa/${gw.serviceAccount}`;
    const dests = destinations(config, gw);
    const admitted = (d: Destination) => allows.some((p) => selects(config, p, d) && admits(p, principal, gw.namespace));
    // Each denied destination once, at the first ALLOW policy (in file order) that selects it.
    const reported = new Set<string>();
    for (const policy of allows) {
      const hit = dests.filter((d) => selects(config, policy, d) && !admitted(d) && !reported.has(`${d.namespace}/${d.name}`));
      if (hit.length === 0) continue;
      for (const d of hit) reported.add(`${d.namespace}/${d.name}`);
      const rules = asArray(spec(policy).rules);
      out.push(
        errorAt(
          "authz-gateway-api-denied",
          policy.doc,
          rules.length > 0 ? ["spec", "rules"] : ["spec"],
          `no ALLOW policy admits ${principal}, the identity of the gateway Istio deploys for Gateway ${gw.namespace}/${gw.gateway.name}, on ${[...new Set(hit.map((d) => d.name))].join(", ")}, where HTTPRoute ${[...new Set(hit.map((d) => d.route))].join(", ")} sends its traffic, and AuthorizationPolicy ${policy.name} (ALLOW) selects them: every request through that gateway gets 403; add the principal to an ALLOW policy`,
        ),
      );
    }
  }
  return out;
}
