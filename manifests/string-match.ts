// Istio's StringMatch: exactly one of exact, prefix or regex. Envoy runs regexes with RE2, so
// validation also rejects what JavaScript compiles but RE2 lacks. (Matching lives in the runtime.)
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

export function checkRegex(fields: ResourceFields, path: Path, pattern: string): void {
  if (NOT_RE2.test(pattern)) {
    fields.fail(path, `regex ${JSON.stringify(pattern)} uses lookaround or a backreference, which Envoy's RE2 does not support`);
  }
  try {
    new RegExp(pattern);
  } catch (err) {
    fields.fail(path, `regex ${JSON.stringify(pattern)} does not compile: ${(err as Error).message}`);
  }
}
