// The Gateway API schema check's verdicts, kept across runs: compiling the CRD schemas with ajv
// (and parsing the 345 KB httproutes CRD) is most of what a run's preflight costs, and its
// verdict on a document is a pure function of that document, the CRD files and the code that
// validates. The cache is keyed on all of them, so a changed input is a miss, never a stale pass:
//   - the file's name: a hash of every CRD file's name and bytes, ajv's and yaml's versions,
//     node's version (documents are hashed by v8.serialize), and the text of the validating code
//     (./gateway-api-crds.ts) and of this file;
//   - each entry's key: a hash of the document (v8.serialize tells Infinity from null, 1 from "1").
// A file that is unreadable, from other inputs or of the wrong shape is ignored and replaced.
// Writes are atomic (a temporary file, then rename), so parallel runs see a whole file or none.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serialize } from "node:v8";
import { CrdValidators, gatewayApiCrdDir, schemaVerdict, type SchemaProblem, type SchemaVerdict } from "./gateway-api-crds.js";

/** The clone's cache folder, beside the compiled CLI's (bin/compiled-cli.js). */
export const DEFAULT_SCHEMA_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/meshcheck/gateway-api-schema/", import.meta.url));

export interface SchemaCacheOptions {
  crdDir: string;
  /** Where verdicts are kept; undefined: nowhere (every verdict computed). */
  cacheDir: string | undefined;
  /** Everything besides the CRD files the verdicts depend on (default: codeInputs()). */
  code?: string[];
  /** Makes the validators on the first miss (tests count the calls). */
  validators?: (crdDir: string) => CrdValidators;
}

/** The versions and source texts the verdicts depend on; undefined when one cannot be read (no caching then). */
export function codeInputs(): string[] | undefined {
  try {
    const require = createRequire(import.meta.url);
    const version = (pkg: string) => `${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`;
    const source = (file: string) => readFileSync(new URL(file, import.meta.url), "utf8");
    return [version("ajv"), version("yaml"), `node@${process.version}`, source("./gateway-api-crds.ts"), source("./schema-cache.ts")];
  } catch {
    return undefined;
  }
}

const sha256 = (...parts: (string | Uint8Array)[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? `${p.length}:${p}` : p);
  return h.digest("hex");
};

/** The hash naming a cache file: every CRD file (name and bytes) and every code input. */
export function inputsKey(crdDir: string, code: string[]): string {
  const files = readdirSync(crdDir).filter((f) => f.endsWith(".yaml")).sort();
  return sha256("meshcheck gateway-api-schema cache 1", ...code, ...files.flatMap((f) => [f, sha256(readFileSync(join(crdDir, f)))]));
}

function isProblem(p: unknown): p is SchemaProblem {
  const q = p as SchemaProblem;
  return typeof q === "object" && q !== null && typeof q.message === "string" && Array.isArray(q.path) && q.path.every((s) => typeof s === "string" || typeof s === "number");
}

function isVerdict(v: unknown): v is SchemaVerdict {
  if (typeof v !== "object" || v === null) return false;
  if ("problems" in v) return Array.isArray(v.problems) && v.problems.every(isProblem);
  // JSON has no undefined: "no CRD defines the kind" is stored as null.
  return "served" in v && (v.served === null || (Array.isArray(v.served) && v.served.every((s) => typeof s === "string")));
}

interface CacheFile {
  key: string;
  verdicts: Record<string, SchemaVerdict | { served: null }>;
}

function readCacheFile(path: string, key: string): Map<string, SchemaVerdict> {
  try {
    const file = JSON.parse(readFileSync(path, "utf8")) as CacheFile;
    if (file.key !== key || typeof file.verdicts !== "object" || file.verdicts === null) return new Map();
    const entries = Object.entries(file.verdicts);
    if (!entries.every(([, v]) => isVerdict(v))) return new Map();
    return new Map(entries.map(([k, v]) => [k, "served" in v && v.served === null ? { served: undefined } : (v as SchemaVerdict)]));
  } catch {
    return new Map();
  }
}

/** Schema verdicts through the cache; save() writes what was computed. */
export class CachedSchemaCheck {
  private readonly file: string | undefined;
  private readonly key: string | undefined;
  private verdicts: Map<string, SchemaVerdict> | undefined;
  private validators: CrdValidators | undefined;
  private dirty = false;

  constructor(private readonly opts: SchemaCacheOptions) {
    const code = opts.code ?? codeInputs();
    if (opts.cacheDir !== undefined && code !== undefined) {
      try {
        this.key = inputsKey(opts.crdDir, code);
        this.file = join(opts.cacheDir, `${this.key}.json`);
      } catch {
        // An unreadable CRD folder: no cache; the validators report it as they would.
      }
    }
  }

  verdict(obj: Record<string, unknown>): SchemaVerdict {
    this.verdicts ??= this.file && this.key ? readCacheFile(this.file, this.key) : new Map();
    const docKey = sha256(serialize(obj));
    const cached = this.verdicts.get(docKey);
    if (cached) return structuredClone(cached);
    this.validators ??= (this.opts.validators ?? ((dir) => new CrdValidators(dir)))(this.opts.crdDir);
    const verdict = schemaVerdict(this.validators, obj);
    this.verdicts.set(docKey, structuredClone(verdict));
    this.dirty = true;
    return verdict;
  }

  /** Writes the verdicts when any was computed; a cache that cannot be written is no error. */
  save(): void {
    if (!this.dirty || !this.file || !this.key || !this.verdicts || this.opts.cacheDir === undefined) return;
    const verdicts = Object.fromEntries([...this.verdicts].map(([k, v]) => [k, "served" in v ? { served: v.served ?? null } : v]));
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.opts.cacheDir, { recursive: true });
      writeFileSync(tmp, JSON.stringify({ key: this.key, verdicts } satisfies CacheFile));
      renameSync(tmp, this.file);
      this.dirty = false;
      // Files of other inputs (an older CRD release or code) will not be read again.
      for (const name of readdirSync(this.opts.cacheDir)) {
        if (name.endsWith(".json") && join(this.opts.cacheDir, name) !== this.file) rmSync(join(this.opts.cacheDir, name), { force: true });
      }
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // The folder itself is not there or not a folder: nothing was written.
      }
    }
  }
}

let pinned: CachedSchemaCheck | undefined;

/** The pinned Gateway API release's schema check, cached in the clone's node_modules/.cache. */
export function pinnedSchemaCheck(): CachedSchemaCheck {
  pinned ??= new CachedSchemaCheck({ crdDir: gatewayApiCrdDir(), cacheDir: DEFAULT_SCHEMA_CACHE_DIR });
  return pinned;
}
