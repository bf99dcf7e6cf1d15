// Schema check, then path resolution, then semantic checks: the one way any profile (a file,
// or one built in-process by the local mesh) becomes a TargetProfile the harness trusts.

import { isAbsolute, resolve } from "node:path";
import { checkSchema } from "./schema-check.js";
import { checkSemantics } from "./semantic-check.js";
import type { TargetProfile } from "../../spec/profile/types.js";

export interface ValidateOptions {
  /** Directory that relative tls file paths are relative to (default: the working directory). */
  baseDir?: string;
}

/**
 * Validates `obj` as a TargetProfile; `source` names it in error messages (a file path, or
 * e.g. "local-mesh"). Returns a copy with tls file paths made absolute; throws ProfileError.
 */
export function validateProfile(obj: unknown, source: string, opts: ValidateOptions = {}): TargetProfile {
  checkSchema(obj, source);
  const profile = structuredClone(obj);
  const baseDir = opts.baseDir ?? process.cwd();
  for (const v of Object.values(profile.vantages)) {
    if (v.kind !== "tls") continue;
    for (const field of ["cert", "key", "ca"] as const) {
      if (!isAbsolute(v[field])) v[field] = resolve(baseDir, v[field]);
    }
  }
  checkSemantics(profile, source);
  return profile;
}
