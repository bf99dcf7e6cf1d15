// Which fields a resource may carry, as data. A field outside its shape is an error naming the
// field and what is supported there, so nothing the local mesh cannot honour is silently dropped.
import { describe, isRecord } from "./fields.js";
import type { ResourceFields } from "./fields.js";
import type { Path } from "./path.js";

/**
 * - "honoured": the local mesh acts on it; the mapper reads and type-checks it.
 * - "ignored": accepted, but has no behaviour locally (labels, probes, resources…); not inspected.
 * - a Shape: a mapping whose fields follow that shape.
 * - [rule]: a list whose entries follow the rule.
 */
export type Rule = "honoured" | "ignored" | Shape | readonly [Rule];

/** Field name → rule. The key "*" stands for any key (e.g. header names in a match). */
export interface Shape {
  readonly [field: string]: Rule;
}

export function checkShape(fields: ResourceFields, shape: Shape, path: Path = []): void {
  checkRule(fields, shape, path);
}

function checkRule(fields: ResourceFields, rule: Rule, path: Path): void {
  if (rule === "honoured" || rule === "ignored") return;
  const value = fields.get(path);
  if (value === undefined || value === null) return;
  if (isList(rule)) {
    if (!Array.isArray(value)) fields.fail(path, `must be a list, got ${describe(value)}`);
    value.forEach((_, i) => checkRule(fields, rule[0], [...path, i]));
    return;
  }
  if (!isRecord(value)) fields.fail(path, `must be a mapping, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    const inner = rule[key] ?? rule["*"];
    if (inner === undefined) {
      fields.fail([...path, key], `not supported by the local mesh (supported here: ${Object.keys(rule).join(", ")})`);
    }
    checkRule(fields, inner, [...path, key]);
  }
}

function isList(rule: Shape | readonly [Rule]): rule is readonly [Rule] {
  return Array.isArray(rule);
}
