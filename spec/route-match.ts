// VirtualService header-match semantics and the header cases generated from them, shared by
// the harness's header-routing check and the k6 routing scenario (one copy, so both test the
// same cases). Runtime-neutral: no Node built-ins, no npm packages, no runtime imports — k6
// loads this file as it is, and the harness imports it through NodeNext.
//
// Rules in order, first match wins; header names case-insensitive, values case-sensitive;
// regex is a full match (Envoy uses RE2 full-match semantics).

import type { RouteRule, StringMatch } from "./profile/types.ts";

/** "dest:<name>" for a routed destination, "status:404" when no rule matches (Envoy's answer). */
export type Expectation = `dest:${string}` | "status:404";

export interface HeaderCase {
  name: string;
  headers: Record<string, string>;
  expected: Expectation;
}

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

/** A value the match accepts, or undefined when none can be derived (a regex we cannot invert). */
export function sampleValue(m: StringMatch): string | undefined {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return `${m.prefix}-canary`;
  if (m.regex !== undefined) {
    // Try the regex's literal skeleton (e.g. "^dev$" → "dev", "dev-.*" → "dev-"), then each
    // character class as its first character, quantifiers dropped ("dev-[a-z0-9]+" → "dev-a"),
    // then a letter. Each candidate is kept only if the regex accepts it.
    const anchorless = m.regex.replace(/[\^$]/g, "");
    const skeleton = anchorless.replace(/\.\*|\.\+|\\.|[()[\]{}|?*+.]/g, "");
    const firstOfClass = anchorless.replace(/\[([^\]^])[^\]]*\]/g, "$1").replace(/[*+?]|\{\d+(,\d*)?\}/g, "");
    for (const candidate of [skeleton, `${skeleton}x`, firstOfClass, "x"]) if (matchesString(m, candidate)) return candidate;
  }
  return undefined;
}

function swapCase(s: string): string {
  return Array.from(s)
    .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
    .join("");
}

/**
 * For every match rule, a positive case and the negatives that catch sloppy matching (name
 * case, value case, near misses, prefixes of the value, an absent header), each expecting
 * what the rules themselves say.
 */
export function generateHeaderCases(rules: RouteRule[]): { cases: HeaderCase[]; problems: string[] } {
  const cases: HeaderCase[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (name: string, headers: Record<string, string>) => {
    const key = JSON.stringify(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]).sort());
    // The name-case variant differs only in the header name's case, which the key folds; keep it.
    const fullKey = `${key}|${Object.keys(headers).join(",")}`;
    if (seen.has(fullKey)) return;
    seen.add(fullKey);
    cases.push({ name, headers, expected: expectedFor(rules, headers) });
  };

  add("no routing headers", {});
  rules.forEach((rule, i) => {
    const conditions = Object.entries(rule.match?.headers ?? {});
    if (conditions.length === 0) return;
    const positive: Record<string, string> = {};
    for (const [name, m] of conditions) {
      const v = sampleValue(m);
      if (v === undefined) {
        problems.push(`rule ${i}: cannot derive a value matching ${name} regex ${JSON.stringify(m.regex)}; use exact or prefix`);
        return;
      }
      positive[name] = v;
    }
    add(`rule ${i} matches`, positive);
    for (const [name, m] of conditions) {
      const value = positive[name] ?? "";
      const others = Object.fromEntries(Object.entries(positive).filter(([k]) => k !== name));
      add(`rule ${i}: header name ${name.toUpperCase()} (names are case-insensitive)`, { ...others, [name.toUpperCase()]: value });
      if (swapCase(value) !== value) add(`rule ${i}: ${name} value case changed (values are case-sensitive)`, { ...others, [name]: swapCase(value) });
      add(`rule ${i}: ${name} near miss "${value}2"`, { ...others, [name]: `${value}2` });
      if (value.length > 1) add(`rule ${i}: ${name} shortened "${value.slice(0, -1)}"`, { ...others, [name]: value.slice(0, -1) });
      add(`rule ${i}: ${name} empty`, { ...others, [name]: "" });
      if (m.prefix !== undefined) {
        add(`rule ${i}: ${name} exactly the prefix`, { ...others, [name]: m.prefix });
        if (m.prefix.length > 1) add(`rule ${i}: ${name} one character short of the prefix`, { ...others, [name]: m.prefix.slice(0, -1) });
      }
      if (conditions.length > 1) add(`rule ${i}: ${name} absent`, others);
    }
  });
  return { cases, problems };
}
