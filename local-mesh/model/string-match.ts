// Istio's StringMatch: exactly one of exact, prefix or regex. Envoy evaluates regex with RE2 as a
// full match (the whole value, not a substring), so validation rejects what RE2 lacks and
// matching anchors the pattern.
import type { ResourceFields } from "./fields.js";
import type { Path } from "./path.js";
import type { StringMatch } from "./types.js";

const KINDS = ["exact", "prefix", "regex"] as const;

// Lookaround and backreferences compile in JavaScript but not in RE2: Istio would reject them.
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

export function readStringMatch(fields: ResourceFields, path: Path): StringMatch {
  const present = KINDS.filter((kind) => fields.get([...path, kind]) !== undefined);
  if (present.length !== 1) {
    const found = present.length === 0 ? "none" : present.join(" and ");
    fields.fail(path, `a string match needs exactly one of exact, prefix, regex (found ${found})`);
  }
  const kind = present[0]!;
  const value = fields.optionalString([...path, kind]) ?? "";
  if (kind === "regex") checkRegex(fields, [...path, kind], value);
  return { [kind]: value };
}

function checkRegex(fields: ResourceFields, path: Path, pattern: string): void {
  if (NOT_RE2.test(pattern)) {
    fields.fail(path, `regex ${JSON.stringify(pattern)} uses lookaround or a backreference, which Envoy's RE2 does not support`);
  }
  try {
    new RegExp(pattern);
  } catch (err) {
    fields.fail(path, `regex ${JSON.stringify(pattern)} does not compile: ${(err as Error).message}`);
  }
}

/** A predicate with Envoy's semantics; an absent value (missing header) never matches. */
export function stringMatcher(match: StringMatch): (value: string | undefined) => boolean {
  if (match.exact !== undefined) {
    const exact = match.exact;
    return (value) => value === exact;
  }
  if (match.prefix !== undefined) {
    const prefix = match.prefix;
    return (value) => value !== undefined && value.startsWith(prefix);
  }
  if (match.regex !== undefined) {
    const full = new RegExp(`^(?:${match.regex})$`);
    return (value) => value !== undefined && full.test(value);
  }
  throw new Error("StringMatch has none of exact, prefix, regex");
}
