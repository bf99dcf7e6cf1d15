// What the PeerAuthentication and AuthorizationPolicy documents promise, read for the target
// profile. Deliberately not the code that enforces them (local-mesh/runtime/peer-auth.ts and authz.ts): if the two
// shared a function, a bug in it would make the mesh and the expectation wrong together and
// the check would pass. This is a second reading, written from Istio's documented semantics;
// test/local-mesh/golden-profile.test.ts pins what it derives from kind/manifests.
import type { AuthorizationPolicy, AuthzRule, Labels, MtlsMode, PeerAuthentication } from "../manifests/types.js";

import { ROOT_NAMESPACE } from "../manifests/root-namespace.js";

/** What a policy needs to know of a workload to decide whether it governs it. */
export interface WorkloadRef {
  namespace: string;
  labels: Labels;
}

/** The caller as the policy sees it: its SPIFFE ID split into principal and namespace (none: plaintext). */
export interface Caller {
  /** `trust-domain/ns/NS/sa/SA`; absent for a plaintext caller. */
  principal?: string;
  namespace?: string;
}

const hasSelector = (selector: Labels | undefined): selector is Labels => selector !== undefined && Object.keys(selector).length > 0;
const labelsMatch = (selector: Labels, labels: Labels) => Object.keys(selector).every((k) => k in labels && labels[k] === selector[k]);

/**
 * How closely a policy scopes a workload: 3 its own workload selector, 2 its namespace, 1 the
 * mesh (root namespace, no selector), 0 not at all. Both kinds of policy are scoped this way.
 */
function scope(policy: { namespace: string; selector?: Labels }, w: WorkloadRef): number {
  if (hasSelector(policy.selector)) return policy.namespace === w.namespace && labelsMatch(policy.selector, w.labels) ? 3 : 0;
  if (policy.namespace === w.namespace) return 2;
  return policy.namespace === ROOT_NAMESPACE ? 1 : 0;
}

/**
 * The PeerAuthentication mode a workload's inbound port is promised: the most specific policy
 * wins (workload selector, then namespace, then mesh-wide); among equals the first written
 * (Istio takes the oldest); none at all is Istio's default, PERMISSIVE.
 */
export function promisedMtlsMode(policies: readonly PeerAuthentication[], w: WorkloadRef): MtlsMode {
  return governingPeerAuthentication(policies, w)?.mode ?? "PERMISSIVE";
}

/** The PeerAuthentication that decides a workload's mode, if any. */
export function governingPeerAuthentication(policies: readonly PeerAuthentication[], w: WorkloadRef): PeerAuthentication | undefined {
  let best: PeerAuthentication | undefined;
  let bestScope = 0;
  for (const p of policies) {
    const s = scope(p, w);
    if (s > bestScope) [best, bestScope] = [p, s];
  }
  return best;
}

/**
 * Whether an AuthorizationPolicy applies to a workload at all (any scope). Unlike a
 * PeerAuthentication's, a selector in the root namespace selects in every namespace.
 */
export function authzPolicyGoverns(policy: AuthorizationPolicy, w: WorkloadRef): boolean {
  if (policy.namespace === ROOT_NAMESPACE && hasSelector(policy.selector)) return labelsMatch(policy.selector, w.labels);
  return scope(policy, w) > 0;
}

/**
 * Whether the policies promise to let `caller` send `method` to `path` on the workload.
 * Istio's order: any matching DENY refuses; with no ALLOW policy on the workload everything
 * else is allowed; otherwise one ALLOW must match. A policy with no rules matches nothing
 * (an ALLOW without rules denies all); an empty rule matches everything.
 */
export function promisedAllowed(policies: readonly AuthorizationPolicy[], w: WorkloadRef, caller: Caller, method: string, path = "/"): boolean {
  const applying = policies.filter((p) => authzPolicyGoverns(p, w));
  const matches = (p: AuthorizationPolicy) => p.rules.some((r) => ruleAdmits(r, caller, method, path));
  if (applying.some((p) => p.action === "DENY" && matches(p))) return false;
  const allows = applying.filter((p) => p.action === "ALLOW");
  return allows.length === 0 || allows.some(matches);
}

function ruleAdmits(rule: AuthzRule, caller: Caller, method: string, path: string): boolean {
  const from = rule.from ?? [];
  const to = rule.to ?? [];
  const sourceOk =
    from.length === 0 ||
    from.some(({ source: s }) => listAdmits(s.principals, s.notPrincipals, caller.principal) && listAdmits(s.namespaces, s.notNamespaces, caller.namespace));
  const operationOk =
    to.length === 0 || to.some(({ operation: o }) => listAdmits(o.methods, o.notMethods, method) && listAdmits(o.paths, o.notPaths, path));
  return sourceOk && operationOk;
}

/**
 * A field's positive and negative lists. A positive list needs a value that one entry matches:
 * a plaintext caller has no principal or namespace, so it matches no list, not even `*`. A
 * negative list refuses a value one entry matches, and cannot refuse an absent one.
 */
function listAdmits(include: readonly string[] | undefined, exclude: readonly string[] | undefined, value: string | undefined): boolean {
  if (include?.length && (value === undefined || !include.some((p) => istioStringMatch(p, value)))) return false;
  return !(exclude?.length && value !== undefined && exclude.some((p) => istioStringMatch(p, value)));
}

/** Istio's policy string match: `*` any non-empty value, `abc*` prefix, `*abc` suffix, otherwise exact. */
export function istioStringMatch(pattern: string, value: string): boolean {
  if (pattern === "*") return value !== "";
  if (pattern.startsWith("*")) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith("*")) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}
