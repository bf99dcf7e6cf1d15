// Broken copies of a valid profile, made by walking it together with its schema: at every field,
// each way the schema says it can be wrong (a dropped required field, a wrong type, an extra
// field, a bad const or kind, a number out of range or not whole, a string empty or off its
// pattern, an array too short or too long, a field of another vantage or restart kind). Used to
// hold the k6 side's schema walker to ajv. The schema only steers where to break things; the
// verdicts come from the two validators.

import type { Loose } from "./samples.js";

export interface Mutant {
  name: string;
  data: unknown;
}

type Path = (string | number)[];
type Schema = Loose;

/** Values of every JSON type (and the two numbers JSON cannot carry but an in-process profile can). */
const WRONG_TYPES: unknown[] = [null, true, 7, 2.5, "x", [], {}, Number.NaN, Number.POSITIVE_INFINITY];

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function fitsType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  if (type === "number") return (t === "number" || t === "integer") && Number.isFinite(v);
  return t === type;
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = structuredClone(root) as Loose;
  if (path.length === 0) return value;
  let node: Loose = copy;
  for (const seg of path.slice(0, -1)) node = node[seg as string];
  const last = path[path.length - 1]!;
  if (remove) delete node[last as string];
  else node[last as string] = value;
  return copy;
}

function at(root: unknown, path: Path): unknown {
  let node = root as Loose;
  for (const seg of path) node = node[seg as string];
  return node;
}

function label(path: Path): string {
  return path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("") || "(root)";
}

/** The branch of a discriminated union the value selects, if any. */
function branchOf(s: Schema, v: unknown): Schema | undefined {
  const tag = s.discriminator.propertyName as string;
  const kind = (v as Loose | null)?.[tag];
  return (s.oneOf as Schema[]).find((b) => b.properties[tag].const === kind);
}

/** Every single-fault mutant of `root`, which must be valid against `schema`. */
export function mutantsOf(schema: Schema, root: unknown): Mutant[] {
  const out: Mutant[] = [];
  const add = (name: string, data: unknown) => out.push({ name, data });

  const visit = (s: Schema, path: Path): void => {
    const v = at(root, path);
    const where = label(path);
    const replace = (what: string, value: unknown) => add(`${where}: ${what}`, setAt(root, path, value));

    if (s.type !== undefined) for (const w of WRONG_TYPES) if (!fitsType(w, s.type)) replace(`wrong type ${typeOf(w)} ${typeof w === "number" ? String(w) : JSON.stringify(w)}`, w);
    if (s.const !== undefined) {
      replace("another const", `${String(s.const)}x`);
      replace("const of another type", 1);
    }
    if (typeof v === "string") {
      if (s.minLength !== undefined) replace("empty string", "");
      if (s.pattern !== undefined) {
        replace("off pattern (leading space)", ` ${v}`);
        replace("off pattern (lower case)", v.toLowerCase() === v ? `a${v}` : v.toLowerCase());
        replace("off pattern (too short)", v.slice(0, 1));
      }
    }
    if (typeof v === "number") {
      if (s.maximum !== undefined) {
        replace("just above maximum", s.maximum + 1e-9 * Math.max(1, s.maximum));
        replace("far above maximum", s.maximum * 1e6 + 1);
      }
      if (s.minimum !== undefined) replace("below minimum", s.minimum - 1);
      if (s.exclusiveMinimum !== undefined) replace("at exclusiveMinimum", s.exclusiveMinimum);
      if (s.type === "integer") replace("not whole", v + 0.5);
      replace("number as a string", String(v));
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && s.minItems > 0) replace("too few items", v.slice(0, s.minItems - 1));
      if (s.maxItems !== undefined) replace("too many items", Array.from({ length: s.maxItems + 1 }, (_, i) => v[i % v.length]));
      if (s.items !== undefined) v.forEach((_, i) => visit(s.items, [...path, i]));
      if (s.items !== undefined) replace("an item of the wrong type", [...v, "x"]);
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Loose;
      if (s.discriminator !== undefined) {
        const tag = s.discriminator.propertyName as string;
        replace(`unknown ${tag}`, { ...o, [tag]: "proxy" });
        replace(`${tag} of the wrong type`, { ...o, [tag]: 5 });
        add(`${where}: no ${tag}`, setAt(root, [...path, tag], undefined, true));
        for (const b of s.oneOf as Schema[]) {
          const other = b.properties[tag].const as string;
          if (other !== o[tag]) replace(`${tag} switched to ${other}, fields kept`, { ...o, [tag]: other });
        }
        const branch = branchOf(s, v);
        if (branch !== undefined) visit(branch, path);
        return;
      }
      for (const name of (s.required ?? []) as string[]) add(`${where}: required ${name} dropped`, setAt(root, [...path, name], undefined, true));
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (s.additionalProperties === false) {
        replace("extra field", { ...o, zzExtra: 1 });
        replace("extra field, undefined", { ...o, zzExtra: undefined });
      }
      if (typeof s.additionalProperties === "object") {
        replace("record entry of the wrong type", { ...o, "odd key/~": "x" });
        for (const key of Object.keys(o)) visit(s.additionalProperties, [...path, key]);
      }
      if (s.maxProperties !== undefined) {
        const absent = Object.keys(props).find((k) => !(k in o));
        if (absent !== undefined) replace("one property too many", { ...o, [absent]: "x" });
      }
      if (s.minProperties !== undefined) replace("no properties", {});
      for (const [name, sub] of Object.entries(props)) {
        if (o[name] !== undefined) visit(sub, [...path, name]);
        else if (sub.type !== undefined) replace(`optional ${name} of the wrong type`, { ...o, [name]: sub.type === "string" ? 5 : "x" });
      }
    }
  };
  visit(schema, []);
  return out;
}

/** `count` mutants with two or three faults each, from a seeded random pick of single faults. */
export function multiFaultMutants(schema: Schema, root: unknown, count: number, random: () => number): Mutant[] {
  const singles = mutantsOf(schema, root);
  const out: Mutant[] = [];
  for (let n = 0; n < count; n++) {
    // Combine the top-level keys each mutant changed: a later one overwrites an earlier one's key.
    let data = structuredClone(root) as Loose;
    const names: string[] = [];
    const faults = 2 + Math.floor(random() * 2);
    for (let k = 0; k < faults; k++) {
      const m = singles[Math.floor(random() * singles.length)]!;
      names.push(m.name);
      data = mergeChange(data, root as Loose, m.data as Loose);
    }
    out.push({ name: names.join(" + "), data });
  }
  return out;
}

/** Applies to `into` whatever `changed` differs in from `base`, one level of sections deep. */
function mergeChange(into: Loose, base: Loose, changed: Loose): Loose {
  if (changed === null || typeof changed !== "object" || Array.isArray(changed)) return changed;
  const out = { ...into };
  for (const key of new Set([...Object.keys(base), ...Object.keys(changed)])) {
    if (!(key in changed)) delete out[key];
    else if (JSON.stringify(changed[key]) !== JSON.stringify(base[key]) || Number.isNaN(changed[key])) out[key] = changed[key];
  }
  return out;
}
