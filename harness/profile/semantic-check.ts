// The shared semantic checks (spec/profile/semantics.ts), with what only Node can add: tls
// certificate files that exist, and URLs the WHATWG parser accepts.

import { statSync } from "node:fs";
import { ProfileError } from "./profile-error.js";
import { semanticProblem } from "../../spec/profile/semantics.js";
import type { TargetProfile } from "../../spec/profile/types.js";

export function checkSemantics(profile: TargetProfile, source: string): void {
  const problem = semanticProblem(profile, { fileExists: isFile, urlParses: (url) => URL.canParse(url) });
  if (problem !== undefined) throw ProfileError.of(source, problem);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
