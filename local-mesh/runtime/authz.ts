// AuthorizationPolicy evaluation as Istio does it for one workload: DENY policies first (any
// match denies); then, if any ALLOW policy selects the workload, the request must match one of
// them; otherwise it is allowed. A plaintext caller has no principal and no namespace, so any
// rule that needs them cannot match it.
import type { AuthorizationPolicy, AuthzOperation, AuthzRule, AuthzSource, Workload } from "../../manifests/types.js";
import { selects } from "../../manifests/labels.js";
import { ROOT_NAMESPACE } from "../../manifests/root-namespace.js";

export interface AuthzRequest {
  /** Peer principal (SPIFFE ID without `spiffe://`), absent for plaintext. */
  principal?: string;
  /** Peer namespace from its SPIFFE ID, absent for plaintext. */
  namespace?: string;
  method: string;
  /** Path without the query string. */
  path: string;
}

export type AuthzDecision =
  | { allowed: true; policy?: string }
  | { allowed: false; policy?: string; reason: "deny-matched" | "no-allow-matched" };

/**
 * The policies that apply to a workload: those in its namespace whose selector matches its
 * labels, and those in the root namespace whose selector does (Istio: a root namespace policy's
 * selector matches in every namespace; without one it is mesh-wide).
 */
export function policiesFor(policies: AuthorizationPolicy[], workload: Workload): AuthorizationPolicy[] {
  return policies.filter((p) => (p.namespace === workload.namespace || p.namespace === ROOT_NAMESPACE) && selects(p.selector, workload.labels));
}

export function evaluateAuthz(policies: AuthorizationPolicy[], req: AuthzRequest): AuthzDecision {
  for (const p of policies) {
    if (p.action === "DENY" && policyMatches(p, req)) {
      return { allowed: false, policy: `${p.namespace}/${p.name}`, reason: "deny-matched" };
    }
  }
  const allows = policies.filter((p) => p.action === "ALLOW");
  if (allows.length === 0) return { allowed: true };
  const hit = allows.find((p) => policyMatches(p, req));
  if (hit) return { allowed: true, policy: `${hit.namespace}/${hit.name}` };
  return { allowed: false, reason: "no-allow-matched" };
}

// An ALLOW policy with no rules matches nothing (deny all); a rule `{}` matches everything.
function policyMatches(p: AuthorizationPolicy, req: AuthzRequest): boolean {
  return p.rules.some((r) => ruleMatches(r, req));
}

function ruleMatches(rule: AuthzRule, req: AuthzRequest): boolean {
  const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((f) => sourceMatches(f.source, req));
  const toOk = !rule.to || rule.to.length === 0 || rule.to.some((t) => operationMatches(t.operation, req));
  return fromOk && toOk;
}

function sourceMatches(s: AuthzSource, req: AuthzRequest): boolean {
  return (
    fieldMatches(s.principals, s.notPrincipals, req.principal) &&
    fieldMatches(s.namespaces, s.notNamespaces, req.namespace)
  );
}

function operationMatches(o: AuthzOperation, req: AuthzRequest): boolean {
  return fieldMatches(o.methods, o.notMethods, req.method) && fieldMatches(o.paths, o.notPaths, req.path);
}

/**
 * Positive list: the value must match one entry (an absent value matches none — Istio treats
 * a missing principal as not matching, even `*`). Negative list: the value must match none.
 */
function fieldMatches(values: string[] | undefined, notValues: string[] | undefined, actual: string | undefined): boolean {
  if (values && values.length > 0) {
    if (actual === undefined || !values.some((v) => valueMatches(v, actual))) return false;
  }
  if (notValues && notValues.length > 0 && actual !== undefined) {
    if (notValues.some((v) => valueMatches(v, actual))) return false;
  }
  return true;
}

/** Istio string match: `*` any (non-empty), `x*` prefix, `*x` suffix, else exact. */
export function valueMatches(pattern: string, actual: string): boolean {
  if (pattern === "*") return actual.length > 0;
  if (pattern.endsWith("*")) return actual.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return actual.endsWith(pattern.slice(1));
  return pattern === actual;
}
