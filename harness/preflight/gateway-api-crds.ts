// The Gateway API CRDs make cluster installs (vendor/gateway-api/<version>/crds, unmodified) as
// ajv validators, one per served apiVersion and kind, from each CRD's openAPIV3Schema. What
// this cannot check: the CRDs' CEL rules (x-kubernetes-validations), which only an API server
// evaluates, and string formats (ajv is given none; the schemas' patterns and enums carry most
// of the same limits).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

// ajv is loaded only when a schema is compiled: a run whose verdicts come from the cache
// (./schema-cache.ts) does not pay for loading it. Synchronous, as the rules are; ajv is CommonJS.
const loadAjv = () => (createRequire(import.meta.url)("ajv") as typeof import("ajv")).Ajv;

/** The pinned release (GATEWAY_API_VERSION in kind/scripts/versions.sh; test/kind/pins.test.ts checks they agree). */
export const GATEWAY_API_VERSION = "v1.4.0";

export const gatewayApiCrdDir = (version = GATEWAY_API_VERSION) => fileURLToPath(new URL(`../../vendor/gateway-api/${version}/crds/`, import.meta.url));

interface Crd {
  kind?: string;
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name: string; served?: boolean; schema?: { openAPIV3Schema?: object } }[];
  };
}

/**
 * Validators for the CRDs in a folder, made on demand: a CRD file is parsed, and one version's
 * schema compiled, only when a document of that kind and version is checked (the httproutes
 * CRD alone is 345 KB of YAML; parsing and compiling every one costs seconds on a busy core).
 */
export class CrdValidators {
  private readonly files = new Map<string, string>();
  private readonly parsed = new Map<string, Crd>();
  private readonly compiled = new Map<string, ValidateFunction>();
  // strict off: the schemas carry Kubernetes' own keywords (x-kubernetes-*), which ajv does not know.
  private ajvInstance: Ajv | undefined;
  private get ajv(): Ajv {
    this.ajvInstance ??= new (loadAjv())({ strict: false, allErrors: true, validateFormats: false, logger: false });
    return this.ajvInstance;
  }

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
      // The CRD's kind, found without parsing the file: `spec.names.kind` is its only
      // four-space-indented `kind:` line in the files as the Gateway API generates them.
      const kind = /^ {4}kind: (\w+)$/m.exec(readFileSync(join(dir, file), "utf8"))?.[1];
      if (kind) this.files.set(kind, join(dir, file));
    }
  }

  private crd(kind: string): Crd | undefined {
    const file = this.files.get(kind);
    if (!file) return undefined;
    let crd = this.parsed.get(kind);
    if (!crd) {
      crd = (parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as Crd | null).find((c) => c?.kind === "CustomResourceDefinition" && c.spec?.names?.kind === kind) ?? {}) as Crd;
      this.parsed.set(kind, crd);
    }
    return crd;
  }

  /** The apiVersions served for `kind`; undefined when no CRD here defines it. */
  served(kind: string): string[] | undefined {
    const crd = this.crd(kind);
    if (!crd?.spec) return undefined;
    return (crd.spec.versions ?? []).filter((v) => v.served).map((v) => `${crd.spec?.group}/${v.name}`);
  }

  /** The validator for `apiVersion` and `kind`, or undefined when no CRD here serves them. */
  validator(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    const done = this.compiled.get(key);
    if (done) return done;
    const crd = this.crd(kind);
    const version = crd?.spec?.versions?.find((v) => v.served && `${crd.spec?.group}/${v.name}` === apiVersion);
    const schema = version?.schema?.openAPIV3Schema;
    if (!schema) return undefined;
    const validate = this.ajv.compile(strictFields(structuredClone(schema)));
    this.compiled.set(key, validate);
    return validate;
  }
}

/**
 * An unknown field is refused, as the API server refuses it under kubectl's default strict field
 * validation: in a structural schema, an object with `properties` and neither
 * `additionalProperties` nor x-kubernetes-preserve-unknown-fields has no other fields. The CRDs
 * do not say so in JSON Schema terms (the server prunes or rejects instead), so it is added here.
 */
function strictFields(schema: unknown): object {
  const node = schema as Record<string, unknown>;
  if (typeof node !== "object" || node === null) return node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach(strictFields);
    else if (typeof value === "object" && value !== null) strictFields(value);
  }
  const props = node.properties;
  if (typeof props === "object" && props !== null && node.additionalProperties === undefined && node["x-kubernetes-preserve-unknown-fields"] !== true) {
    // `properties` maps names to schemas: its values were walked above, itself is no schema.
    node.additionalProperties = false;
  }
  return node;
}

/** One schema violation: where (path into the document) and what. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

function describe(e: ErrorObject): SchemaProblem {
  const path = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const params = e.params as Record<string, unknown>;
  const detail = "allowedValues" in params ? ` (${JSON.stringify(params.allowedValues)})` : "additionalProperty" in params ? ` (${String(params.additionalProperty)})` : "";
  return { path, message: `${e.instancePath || "/"} ${e.message ?? "is invalid"}${detail}` };
}

/** What the schema check says of one document: its problems, or the versions served when none is its own. */
export type SchemaVerdict = { problems: SchemaProblem[] } | { served: string[] | undefined };

export function schemaVerdict(validators: CrdValidators, obj: Record<string, unknown>): SchemaVerdict {
  const problems = schemaProblems(validators, obj);
  return problems ? { problems } : { served: validators.served(String(obj.kind)) };
}

/**
 * Schema problems of one document; undefined when no pinned CRD serves its apiVersion and kind
 * (the caller says which versions are served).
 */
export function schemaProblems(validators: CrdValidators, obj: Record<string, unknown>): SchemaProblem[] | undefined {
  const validate = validators.validator(String(obj.apiVersion), String(obj.kind));
  if (!validate) return undefined;
  if (validate(obj)) return [];
  // One problem per path and message: allErrors repeats a failed anyOf branch per alternative.
  const seen = new Set<string>();
  return (validate.errors ?? []).map(describe).filter((p) => !seen.has(p.message) && seen.add(p.message));
}
