// Typed, position-aware reads of one resource's fields. Every failure is a ManifestError that
// names the file, the line the field is on, the resource and the field path.
import { ManifestError } from "./types.js";
import type { Labels } from "./types.js";
import { formatPath } from "./path.js";
import type { Path } from "./path.js";
import type { ManifestDocument } from "./yaml-documents.js";

export class ResourceFields {
  constructor(
    readonly doc: ManifestDocument,
    /** How messages name the resource: `VirtualService workshop-app/workshop-canary`. */
    readonly resource: string,
  ) {}

  fail(path: Path, detail: string): never {
    throw new ManifestError(
      { file: this.doc.source.file, line: this.doc.lineOf(path) },
      this.resource,
      formatPath(path),
      detail,
    );
  }

  get(path: Path): unknown {
    let value: unknown = this.doc.value;
    for (const segment of path) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string | number, unknown>)[segment];
    }
    return value;
  }

  has(path: Path): boolean {
    return this.get(path) !== undefined && this.get(path) !== null;
  }

  optionalString(path: Path): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.fail(path, `must be a string, got ${describe(value)} (quote it)`);
    return value;
  }

  string(path: Path): string {
    const value = this.optionalString(path);
    if (value === undefined || value === "") this.fail(path, "is required");
    return value;
  }

  optionalInteger(path: Path, min: number, max: number): number | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(path, `must be an integer, got ${describe(value)}`);
    }
    if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  integer(path: Path, min: number, max: number): number {
    const value = this.optionalInteger(path, min, max);
    if (value === undefined) this.fail(path, "is required");
    return value;
  }

  optionalPort(path: Path): number | undefined {
    return this.optionalInteger(path, 1, 65535);
  }

  port(path: Path): number {
    return this.integer(path, 1, 65535);
  }

  /** A mapping of string → string (labels, selectors); absent is empty. */
  stringMap(path: Path): Labels {
    const value = this.get(path);
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) this.fail(path, `must be a mapping, got ${describe(value)}`);
    const out: Labels = {};
    for (const key of Object.keys(value)) out[key] = this.string([...path, key]);
    return out;
  }

  optionalStringList(path: Path): string[] | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value.map((_, i) => this.string([...path, i]));
  }

  /** A required, non-empty list of strings. */
  stringList(path: Path): string[] {
    const value = this.optionalStringList(path);
    if (value === undefined || value.length === 0) this.fail(path, "must list at least one entry");
    return value;
  }

  /** Number of entries of a list (0 when absent), for iterating its paths. */
  listLength(path: Path): number {
    const value = this.get(path);
    if (value === undefined || value === null) return 0;
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value.length;
  }

  /** Keys of a mapping (empty when absent). */
  keys(path: Path): string[] {
    const value = this.get(path);
    if (value === undefined || value === null) return [];
    if (!isRecord(value)) this.fail(path, `must be a mapping, got ${describe(value)}`);
    return Object.keys(value);
  }

  oneOf<T extends string>(path: Path, allowed: readonly T[], fallback?: T): T {
    const value = fallback === undefined ? this.string(path) : (this.optionalString(path) ?? fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}
