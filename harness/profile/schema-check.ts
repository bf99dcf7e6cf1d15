// Runs the JSON Schema and turns ajv's first error into a ProfileError a person can act on
// (the field's path, what is wrong, how to fix it) instead of ajv's generic wording.

import { Ajv, type ErrorObject } from "ajv";
import { ADMIN_TOKEN_PATTERN } from "../../spec/echo/admin-token.js";
import { formatPath, pointerToSegments, ProfileError } from "./profile-error.js";
import { HTTP_URL_PATTERN, METHOD_PATTERN, targetProfileSchema } from "../../spec/profile/schema.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const ajv = new Ajv({ allErrors: false, discriminator: true, verbose: true, strict: true });
const validate = ajv.compile<TargetProfile>(targetProfileSchema);

const PATTERN_HELP: Record<string, [problem: string, fix: string]> = {
  [HTTP_URL_PATTERN]: ["must be an absolute http(s) URL", "write e.g. http://127.0.0.1:8080/"],
  [METHOD_PATTERN]: ["must be an upper-case HTTP method", "write e.g. GET or POST"],
  "^spiffe://": ["must be a SPIFFE ID", "write e.g. spiffe://cluster.local/ns/NS/sa/SA"],
  "^/": ["must be a path starting with /", "write e.g. /status"],
  [ADMIN_TOKEN_PATTERN]: ["must be 16..512 characters of A-Z a-z 0-9 . _ ~ + / = -", "use the token the local mesh or --target kind wrote, or the pod's ADMIN_TOKEN"],
};

/** Throws ProfileError unless `data` matches the schema. */
export function checkSchema(data: unknown, source: string): asserts data is TargetProfile {
  if (validate(data)) return;
  const err = validate.errors?.[0];
  if (err === undefined) throw new ProfileError(source, "(root)", "invalid profile", "see the README");
  const segments = pointerToSegments(err.instancePath, data);
  const [extra, problem, fix] = describe(err);
  throw new ProfileError(source, formatPath(extra === undefined ? segments : [...segments, extra]), problem, fix);
}

/** [extra path segment, problem, fix] for one ajv error. */
function describe(e: ErrorObject): [string | undefined, string, string] {
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as { properties?: Record<string, unknown> };
  const fields = Object.keys(parent.properties ?? {});
  switch (e.keyword) {
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
      return [undefined, `${String(e.data)} is out of range: must be ${rangeOf(e.parentSchema)}`, `use a value in that range; every range is in ${RANGES_DOC}`];
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
        ? [undefined, `must set ${p.limit === 1 && (e.parentSchema as { maxProperties?: number }).maxProperties === 1 ? "exactly" : "at least"} one of: ${fields.join(", ")}`, "add one"]
        : [undefined, "must have at least one entry", "add an entry"];
    case "discriminator":
      return [
        String(p.tag),
        p.error === "mapping" ? `unknown kind ${JSON.stringify(p.tagValue)}` : "is required",
        "use one of: direct, tls, forwarder",
      ];
    default:
      return [undefined, e.message ?? `fails ${e.keyword}`, "see the README section Target profile"];
  }
}

const RANGES_DOC = "harness/profile/README.md";

/** "from 1 to 1000", "above 0 and at most 30000", … from a number's schema. */
function rangeOf(schema: unknown): string {
  const s = (schema ?? {}) as { type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number };
  const kind = s.type === "integer" ? "a whole number" : "a number";
  const low = s.minimum !== undefined ? `from ${s.minimum}` : s.exclusiveMinimum !== undefined ? `above ${s.exclusiveMinimum}` : undefined;
  const high = s.maximum !== undefined ? (s.minimum !== undefined ? `to ${s.maximum}` : `at most ${s.maximum}`) : undefined;
  return [kind, low, low !== undefined && high !== undefined && s.minimum === undefined ? "and" : undefined, high].filter((x) => x !== undefined).join(" ");
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
