// The vendored Gateway API CRDs (vendor/gateway-api/<version>/crds, the files make cluster
// installs) as ajv validators: one per served apiVersion and kind, from the CRD's
// openAPIV3Schema. What this does not check: the CRDs' CEL rules (x-kubernetes-validations),
// which only an API server evaluates, and formats (ajv is given none; the schemas' patterns and
// enums carry most of the same limits).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

export const GATEWAY_API_CRDS = (version: string) => fileURLToPath(new URL(`../../vendor/gateway-api/${version}/crds/`, import.meta.url));

interface Crd {
  kind?: string;
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name: string; served?: boolean; schema?: { openAPIV3Schema?: object } }[];
  };
}

/** `group/version/Kind` → validator, for every served version of every CRD in the folder. */
export function crdValidators(dir: string): Map<string, ValidateFunction> {
  // strict off: the schemas carry Kubernetes' own keywords (x-kubernetes-*), which ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const out = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
      const crd = doc.toJS() as Crd | null;
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const v of crd.spec?.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (!v.served || !schema) continue;
        out.set(`${crd.spec?.group}/${v.name}/${crd.spec?.names?.kind}`, ajv.compile(schema));
      }
    }
  }
  return out;
}

/** Validates one document; throws naming each bad field (instance path and ajv's message). */
export function validateAgainst(validators: Map<string, ValidateFunction>, obj: Record<string, unknown>): void {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  const validate = validators.get(key);
  if (!validate) throw new Error(`no CRD schema for ${key} in the vendored Gateway API CRDs`);
  const name = (obj.metadata as { name?: string } | undefined)?.name;
  if (validate(obj)) return;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${JSON.stringify(e.params.allowedValues)})` : ""}`);
  throw new Error(`${key} ${name ?? "(no name)"}: ${errors.join("; ")}`);
}
