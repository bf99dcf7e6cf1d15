// One schema failure (the first a validator finds) turned into a line a person can act on: the
// field's path, what is wrong, how to fix it, instead of a validator's generic wording. Both
// validators feed it: ajv in the harness (its error mapped to a SchemaFailure) and the k6 side's
// walker (./schema-walk.ts), so a bad profile reads the same wherever it is caught.

import { ADMIN_TOKEN_PATTERN } from "../echo/admin-token.ts";
import type { FieldPath, ProfileProblem } from "./field-path.ts";
import { HTTP_URL_PATTERN, METHOD_PATTERN, REQUEST_PATH_PATTERN, SPIFFE_PATTERN } from "./schema.ts";

/** A keyword that failed, in ajv's vocabulary (its keyword names and `params`). */
export interface SchemaFailure {
  keyword: string;
  /** Path of the value the keyword failed on. */
  path: FieldPath;
  params: Readonly<Record<string, unknown>>;
  /** The schema object holding the keyword. */
  schema: unknown;
  /** The value the keyword failed on. */
  data: unknown;
}

/** Where the ranges are documented (a test holds the table to the schema). */
export const RANGES_DOC = "harness/profile/README.md";

const PATTERN_HELP: Record<string, [problem: string, fix: string]> = {
  [HTTP_URL_PATTERN]: ["must be an absolute http(s) URL", "write e.g. http://127.0.0.1:8080/"],
  [METHOD_PATTERN]: ["must be an upper-case HTTP method", "write e.g. GET or POST"],
  [SPIFFE_PATTERN]: ["must be a SPIFFE ID", "write e.g. spiffe://cluster.local/ns/NS/sa/SA"],
  [REQUEST_PATH_PATTERN]: ["must be a path starting with /", "write e.g. /status"],
  // Never repeats the value: a token is a secret, and a profile error may be pasted into a ticket.
  [ADMIN_TOKEN_PATTERN]: ["must be 16..512 characters of A-Z a-z 0-9 . _ ~ + / = -", "use the token the local mesh or --target kind wrote, or the pod's ADMIN_TOKEN"],
};

interface SchemaShape {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxProperties?: number;
  properties?: Record<string, unknown>;
  oneOf?: readonly { properties?: Record<string, { const?: unknown }> }[];
}

export function describeSchemaFailure(f: SchemaFailure): ProfileProblem {
  const [extra, problem, fix] = describe(f);
  return { path: extra === undefined ? f.path : [...f.path, extra], problem, fix };
}

/** [extra path segment, problem, fix] for one failure. */
function describe(f: SchemaFailure): [string | undefined, string, string] {
  const p = f.params;
  const schema = (f.schema ?? {}) as SchemaShape;
  const fields = Object.keys(schema.properties ?? {});
  switch (f.keyword) {
    case "required":
      return [String(p.missingProperty), "is required", "add it"];
    case "additionalProperties":
      return [String(p.additionalProperty), "unknown field", `remove it or use one of: ${fields.join(", ")}`];
    case "type":
      return [undefined, `must be ${article(String(p.type))}`, `write ${article(String(p.type))} here`];
    case "const":
      return [undefined, `must be ${JSON.stringify(p.allowedValue)}`, `set it to ${JSON.stringify(p.allowedValue)}`];
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return [undefined, `${String(f.data)} is out of range: must be ${rangeOf(schema)}`, `use a value in that range; every range is in ${RANGES_DOC}`];
    case "maxItems":
      return [undefined, `must have at most ${String(p.limit)} item(s)`, `remove entries; every range is in ${RANGES_DOC}`];
    case "minLength":
      return [undefined, "must not be empty", "write a value or remove the field"];
    case "minItems":
      return [undefined, `must have at least ${String(p.limit)} item(s)`, "add an entry"];
    case "pattern": {
      const help = PATTERN_HELP[String(p.pattern)];
      return help ? [undefined, ...help] : [undefined, `must match ${String(p.pattern)}`, "fix the value"];
    }
    case "maxProperties":
      return [undefined, `must set exactly one of: ${fields.join(", ")}`, "keep only one"];
    case "minProperties":
      return fields.length > 0
        ? [undefined, `must set ${p.limit === 1 && schema.maxProperties === 1 ? "exactly" : "at least"} one of: ${fields.join(", ")}`, "add one"]
        : [undefined, "must have at least one entry", "add an entry"];
    case "discriminator": {
      const tag = String(p.tag);
      // The kinds the union knows, from its branches (a vantage's differ from a restart's).
      const kinds = (schema.oneOf ?? []).map((b) => String(b.properties?.[tag]?.const));
      return [tag, p.error === "mapping" ? `unknown kind ${JSON.stringify(p.tagValue)}` : "is required", `use one of: ${kinds.join(", ")}`];
    }
    default:
      return [undefined, `fails ${f.keyword}`, "see the README section Target profile"];
  }
}

/** "from 1 to 1000", "above 0 and at most 30000", … from a number's schema. */
function rangeOf(s: SchemaShape): string {
  const kind = s.type === "integer" ? "a whole number" : "a number";
  const low = s.minimum !== undefined ? `from ${s.minimum}` : s.exclusiveMinimum !== undefined ? `above ${s.exclusiveMinimum}` : undefined;
  const high = s.maximum !== undefined ? (s.minimum !== undefined ? `to ${s.maximum}` : `at most ${s.maximum}`) : undefined;
  return [kind, low, low !== undefined && high !== undefined && s.minimum === undefined ? "and" : undefined, high].filter((x) => x !== undefined).join(" ");
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
