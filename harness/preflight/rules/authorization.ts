// AuthorizationPolicy principals name identities that exist (a ServiceAccount in the
// manifests, or the ingress gateway's), and an ALLOW policy on the workloads the gateway routes
// to admits the gateway's identity — otherwise every request through the gateway gets 403.
// ALLOW policies add up (a request any of them allows is allowed), so a destination is denied
// only when no ALLOW policy selecting it admits the gateway.
import { errorAt } from "../finding.js";
import { TRUST_DOMAIN, findService, hasServiceAccount, ofKind, podLabels, serviceRef, spec } from "../mesh-index.js";
import { gatewayFor } from "./virtual-services.js";
import { deployedGateways } from "../gateway-api-index.js";
import { asArray, asLabels, asRecord, asString, formatLabels, labelsMatch } from "../values.js";
import type { Config, Finding, Resource } from "../types.js";

function principalParts(p: string): { namespace: string; sa: string } | undefined {
  const m = /^(?:spiffe:\/\/)?[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
  return m?.[1] && m[2] ? { namespace: m[1], sa: m[2] } : undefined;
}

function principalMatches(pattern: string, principal: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return principal.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return principal.endsWith(pattern.slice(1));
  return pattern === principal;
}

interface Source {
  principals: string[];
  namespaces: string[];
  any: boolean;
}

function sources(rule: unknown): Source[] {
  const from = asArray(asRecord(rule)?.from);
  if (from.length === 0) return [{ principals: [], namespaces: [], any: true }];
  return from.map((f) => {
    const s = asRecord(asRecord(f)?.source) ?? {};
    const principals = asArray(s.principals).map(asString);
    const namespaces = asArray(s.namespaces).map(asString);
    // A source constrained only by fields preflight does not model (ipBlocks …) is not judged.
    return { principals, namespaces, any: principals.length === 0 && namespaces.length === 0 };
  });
}

/** An ALLOW policy admits requests from this principal in some rule. */
export function admits(policy: Resource, principal: string, namespace: string): boolean {
  return asArray(spec(policy).rules).some((rule) =>
    sources(rule).some(
      (s) => s.any || s.principals.some((p) => principalMatches(p, principal)) || s.namespaces.some((n) => principalMatches(n, namespace)),
    ),
  );
}

/** The Services that VirtualServices bound to a Gateway route to: where gateway traffic lands. */
function gatewayDestinations(config: Config): { host: string; name: string; namespace: string; vs: string }[] {
  const out: { host: string; name: string; namespace: string; vs: string }[] = [];
  for (const vs of ofKind(config, "VirtualService", "networking.istio.io")) {
    const s = spec(vs);
    const bound = asArray(s.gateways).some((g) => asString(g) !== "mesh" && gatewayFor(config, asString(g), vs.namespace));
    if (!bound) continue;
    for (const r of asArray(s.http)) {
      for (const d of asArray(asRecord(r)?.route)) {
        const host = asString(asRecord(asRecord(d)?.destination)?.host);
        const ref = serviceRef(host, vs.namespace);
        if (ref) out.push({ host, ...ref, vs: vs.name });
      }
    }
  }
  return out;
}

/**
 * Whether a policy's selector takes in a destination's pods. Unknown Services and pods count
 * as selected: preflight cannot prove otherwise, and a denied gateway is the costlier miss.
 */
export function selects(config: Config, policy: Resource, dest: { name: string; namespace: string }): boolean {
  if (policy.namespace !== dest.namespace) return false;
  const selector = asLabels(asRecord(spec(policy).selector)?.matchLabels);
  if (Object.keys(selector).length === 0) return true;
  const svc = findService(config, dest.name, dest.namespace);
  if (!svc) return true;
  const svcSelector = asLabels(spec(svc).selector);
  const pods = podLabels(config, dest.namespace).filter((l) => labelsMatch(svcSelector, l));
  if (pods.length > 0) return pods.some((l) => labelsMatch(selector, l));
  return Object.entries(selector).every(([k, v]) => svcSelector[k] === undefined || svcSelector[k] === v);
}

export function authorization(config: Config): Finding[] {
  const out: Finding[] = [];
  const gw = config.gateway;
  const gwPrincipal = `${TRUST_DOMAIN}/ns/${gw.namespace}/sa/${gw.serviceAccount}`;
  const dests = gatewayDestinations(config);
  const allows = ofKind(config, "AuthorizationPolicy", "security.istio.io").filter((p) => (asString(spec(p).action) || "ALLOW") === "ALLOW");
  const admitted = (d: { name: string; namespace: string }) => allows.some((p) => selects(config, p, d) && admits(p, gwPrincipal, gw.namespace));
  // Each denied destination once, at the first ALLOW policy (in file order) that selects it.
  const reported = new Set<string>();
  for (const policy of ofKind(config, "AuthorizationPolicy", "security.istio.io")) {
    const s = spec(policy);
    asArray(s.rules).forEach((rule, ri) => {
      asArray(asRecord(rule)?.from).forEach((f, fi) => {
        asArray(asRecord(asRecord(f)?.source)?.principals).forEach((p, pi) => {
          const parts = principalParts(asString(p));
          if (!parts || parts.namespace.includes("*") || parts.sa.includes("*")) return;
          const isGateway = parts.namespace === gw.namespace && parts.sa === gw.serviceAccount;
          // The ServiceAccount Istio creates for a Gateway API Gateway it deploys.
          const isDeployedGateway = deployedGateways(config).some((d) => d.namespace === parts.namespace && d.serviceAccount === parts.sa);
          if (isGateway || isDeployedGateway || hasServiceAccount(config, parts.namespace, parts.sa)) return;
          out.push(errorAt("authz-principal", policy.doc, ["spec", "rules", ri, "from", fi, "source", "principals", pi], `AuthorizationPolicy ${policy.name} allows ${asString(p)}, but no ServiceAccount ${parts.sa} in namespace ${parts.namespace} is in the manifests (and it is not the gateway's, ${gwPrincipal})`));
        });
      });
    });
    const action = asString(s.action) || "ALLOW";
    if (action !== "ALLOW") continue;
    const hit = dests.filter((d) => selects(config, policy, d) && !admitted(d) && !reported.has(`${d.namespace}/${d.name}`));
    if (hit.length === 0) continue;
    for (const d of hit) reported.add(`${d.namespace}/${d.name}`);
    const selector = asLabels(asRecord(s.selector)?.matchLabels);
    const unknown = hit.filter((d) => !findService(config, d.name, d.namespace)).map((d) => d.name);
    const note = unknown.length > 0 ? ` (${[...new Set(unknown)].join(", ")} not in the manifests: assumed selected)` : "";
    out.push(
      errorAt(
        "authz-gateway-denied",
        policy.doc,
        asArray(s.rules).length > 0 ? ["spec", "rules"] : ["spec"],
        `AuthorizationPolicy ${policy.name} (ALLOW, selector ${formatLabels(selector) || "whole namespace"}) applies to ${[...new Set(hit.map((d) => d.host))].join(", ")}, where VirtualService ${[...new Set(hit.map((d) => d.vs))].join(", ")} sends gateway traffic${note}, but no rule admits the ingress gateway's identity ${gwPrincipal}: every request through the gateway gets 403; add it to the principals`,
      ),
    );
  }
  return out;
}
