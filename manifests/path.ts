// A field's position inside a manifest, and how error messages spell it.

import { spellPath, type FieldPath } from "../spec/field-path.js";

export type Path = FieldPath;

/** Manifest keys are written bare when they are names, dashes included (`maxRequestsPerConnection`, `max-age`). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec.http[0].retries`; keys that are not names are quoted: `annotations["sidecar.istio.io/inject"]`. */
export function formatPath(path: Path): string {
  return spellPath(path, { plainKey: PLAIN_KEY, root: "(document)" });
}
