// VirtualService match semantics, as the header-routing check expects the mesh to apply them:
// rules in order, first match wins; header names case-insensitive, values case-sensitive;
// regex is a full match (Envoy uses RE2 full-match semantics).

import type { RouteRule, StringMatch } from "../profile/types.js";

/** "dest:<name>" for a routed destination, "status:404" when no rule matches (Envoy's answer). */
export type Expectation = `dest:${string}` | "status:404";

export function matchesString(m: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return new RegExp(`^(?:${m.regex})$`).test(value);
  return false;
}

export function ruleMatches(rule: RouteRule, headers: Record<string, string>): boolean {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(rule.match?.headers ?? {}).every(([name, m]) => matchesString(m, lower.get(name.toLowerCase())));
}

export function expectedFor(rules: RouteRule[], headers: Record<string, string>): Expectation {
  const rule = rules.find((r) => ruleMatches(r, headers));
  return rule ? `dest:${rule.destination}` : "status:404";
}
