// The k6 side's schema validator: walks the SAME schema objects ajv compiles in the harness
// (./schema.ts) and returns the first failure, in ajv's vocabulary, in the order ajv finds it.
//
// Why not a library: k6 resolves no npm packages (a script imports k6 modules and files by
// path), so ajv cannot be loaded; ajv's standalone output is ~150 KB of generated code that
// still requires ajv's runtime modules, and other validators have the same problem. So this
// walks the small subset of JSON Schema the profile uses, and refuses a schema that uses any
// other keyword (the subset cannot silently grow: a new keyword fails loudly here, and a test
// runs this walker and ajv on the same valid and broken profiles and wants the same verdicts).
// Runtime-neutral: no Node, no k6, no npm.

import type { FieldPath } from "./field-path.ts";
import type { SchemaFailure } from "./schema-failure.ts";

type Schema = Readonly<Record<string, unknown>>;

/** Annotations, ignored when validating. */
const ANNOTATIONS = ["$id", "description"];
/** Keywords that apply only to a value of one JSON type; a schema using one must declare that type. */
const TYPED_KEYWORDS: Record<string, string[]> = {
  number: ["minimum", "maximum", "exclusiveMinimum"],
  string: ["minLength", "pattern"],
  array: ["minItems", "maxItems", "items"],
  object: ["properties", "required", "additionalProperties", "minProperties", "maxProperties", "discriminator", "oneOf"],
};
const TYPES = ["object", "array", "string", "number", "integer"];
const KNOWN = new Set([...ANNOTATIONS, "type", "const", ...Object.values(TYPED_KEYWORDS).flat()]);

/** Thrown for a schema outside the subset: a programming error, not a bad profile. */
export class UnsupportedSchemaError extends Error {
  override name = "UnsupportedSchemaError";
}

const checked = new WeakSet<object>();

/** The first place `data` breaks `schema`, or undefined if it matches. */
export function firstSchemaFailure(schema: object, data: unknown): SchemaFailure | undefined {
  if (!checked.has(schema)) {
    assertSupported(schema as Schema, "#");
    checked.add(schema);
  }
  return walk(schema as Schema, data, []);
}

/** Throws UnsupportedSchemaError unless every keyword, at every depth, is one the walker implements. */
export function assertSupported(s: Schema, at: string): void {
  const bad = (why: string): never => {
    throw new UnsupportedSchemaError(`schema ${at}: ${why}; the k6-side validator (spec/profile/schema-walk.ts) implements only ${[...KNOWN].join(", ")}`);
  };
  if (typeof s !== "object" || s === null || Array.isArray(s)) bad("not a schema object");
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) bad(`keyword "${k}" is outside the subset`);
  const type = s.type;
  if (type !== undefined && (typeof type !== "string" || !TYPES.includes(type))) bad(`type ${JSON.stringify(type)} is not one of ${TYPES.join(", ")}`);
  for (const [group, keywords] of Object.entries(TYPED_KEYWORDS)) {
    const used = keywords.filter((k) => k in s);
    const declared = type === group || (group === "number" && type === "integer");
    if (used.length > 0 && !declared) bad(`${used.join(", ")} need type "${group}"`);
  }
  if ("const" in s && (typeof s.const !== "string" || "type" in s)) bad("const must be a string, alone");
  if ("pattern" in s) new RegExp(String(s.pattern), "u");
  for (const [k, sub] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) assertSupported(sub, `${at}/properties/${k}`);
  if (typeof s.additionalProperties === "object") assertSupported(s.additionalProperties as Schema, `${at}/additionalProperties`);
  else if (s.additionalProperties !== undefined && s.additionalProperties !== false) bad("additionalProperties must be false or a schema");
  if (s.items !== undefined) assertSupported(s.items as Schema, `${at}/items`);
  if (("oneOf" in s) !== ("discriminator" in s)) bad("oneOf only with a discriminator (a tagged union), and a discriminator only with oneOf");
  if ("oneOf" in s) {
    const tag = (s.discriminator as { propertyName?: unknown }).propertyName;
    if (typeof tag !== "string") bad("discriminator needs a propertyName");
    (s.oneOf as Schema[]).forEach((branch, i) => {
      assertSupported(branch, `${at}/oneOf/${i}`);
      if (typeof tagOf(branch, tag as string) !== "string") bad(`oneOf/${i} has no const ${String(tag)}`);
    });
  }
}

function tagOf(branch: Schema, tag: string): unknown {
  return ((branch.properties ?? {}) as Record<string, Schema>)[tag]?.const;
}

// The order follows ajv (v8, allErrors: false) so both report the same first failure: the type;
// then numbers (maximum, minimum, exclusiveMinimum), strings (minLength, pattern), arrays
// (maxItems, minItems, items), objects (max/minProperties, required, additionalProperties,
// properties in the schema's order, then the discriminated branch).
function walk(s: Schema, data: unknown, path: FieldPath): SchemaFailure | undefined {
  const fail = (keyword: string, params: Record<string, unknown>): SchemaFailure => ({ keyword, path, params, schema: s, data });

  if (s.type !== undefined && !hasType(data, s.type as string)) return fail("type", { type: s.type });
  if ("const" in s && data !== s.const) return fail("const", { allowedValue: s.const });

  if (typeof data === "number") {
    if (typeof s.maximum === "number" && !(data <= s.maximum)) return fail("maximum", { comparison: "<=", limit: s.maximum });
    if (typeof s.minimum === "number" && !(data >= s.minimum)) return fail("minimum", { comparison: ">=", limit: s.minimum });
    if (typeof s.exclusiveMinimum === "number" && !(data > s.exclusiveMinimum)) return fail("exclusiveMinimum", { comparison: ">", limit: s.exclusiveMinimum });
  }

  if (typeof data === "string") {
    if (typeof s.minLength === "number" && codePoints(data) < s.minLength) return fail("minLength", { limit: s.minLength });
    if (typeof s.pattern === "string" && !regexOf(s.pattern).test(data)) return fail("pattern", { pattern: s.pattern });
  }

  if (Array.isArray(data)) {
    if (typeof s.maxItems === "number" && data.length > s.maxItems) return fail("maxItems", { limit: s.maxItems });
    if (typeof s.minItems === "number" && data.length < s.minItems) return fail("minItems", { limit: s.minItems });
    if (s.items !== undefined) {
      for (let i = 0; i < data.length; i++) {
        const f = walk(s.items as Schema, data[i], [...path, i]);
        if (f) return f;
      }
    }
  }

  if (isObject(data)) {
    const keys = Object.keys(data);
    if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) return fail("maxProperties", { limit: s.maxProperties });
    if (typeof s.minProperties === "number" && keys.length < s.minProperties) return fail("minProperties", { limit: s.minProperties });
    for (const name of (s.required ?? []) as string[]) {
      if (data[name] === undefined) return fail("required", { missingProperty: name });
    }
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    if (s.additionalProperties !== undefined) {
      for (const key of keys) {
        if (Object.prototype.hasOwnProperty.call(properties, key)) continue;
        if (s.additionalProperties === false) return fail("additionalProperties", { additionalProperty: key });
        const f = walk(s.additionalProperties as Schema, data[key], [...path, key]);
        if (f) return f;
      }
    }
    for (const [name, sub] of Object.entries(properties)) {
      if (data[name] === undefined) continue;
      const f = walk(sub, data[name], [...path, name]);
      if (f) return f;
    }
    if (s.discriminator !== undefined) {
      const tag = (s.discriminator as { propertyName: string }).propertyName;
      const value = data[tag];
      if (typeof value !== "string") return fail("discriminator", { error: "tag", tag, tagValue: value });
      const branch = (s.oneOf as Schema[]).find((b) => tagOf(b, tag) === value);
      if (branch === undefined) return fail("discriminator", { error: "mapping", tag, tagValue: value });
      return walk(branch, data, path);
    }
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON types as ajv tells them apart (strictNumbers: NaN and ±Infinity are no numbers). */
function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    default:
      return false;
  }
}

/** String length as JSON Schema counts it: code points, not UTF-16 units. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const regexes = new Map<string, RegExp>();
/** ajv compiles patterns with the "u" flag; so does this. */
function regexOf(pattern: string): RegExp {
  let re = regexes.get(pattern);
  if (re === undefined) regexes.set(pattern, (re = new RegExp(pattern, "u")));
  return re;
}
