// Reading the target profile in k6: the JSON form (k6 has no YAML parser), checked by the same
// schema objects and semantic checks as the harness (spec/profile/check-profile.ts walks the
// schema ajv compiles there), so k6 accepts exactly the profiles the harness accepts, less what
// only Node can check (tls files exist; the WHATWG URL parser). Runtime-neutral: no Node, no npm.

import { formatPath, problemLine } from "../../spec/profile/field-path.ts";
import { profileProblem } from "../../spec/profile/check-profile.ts";
import type { TargetProfile } from "../../spec/profile/types.ts";

export class ProfileError extends Error {
  override name = "ProfileError";
}

/** The profile sections a k6 scenario reads (a name that is no profile section fails to index TargetProfile below). */
export type Section = "routing" | "canary" | "mtls" | "authz" | "timeouts" | "retries" | "faultInjection";

/** Parse and check a JSON target profile; throws ProfileError with one line naming the bad field. */
export function parseProfile(text: string, source = "profile"): TargetProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`${source} is not JSON (${e instanceof Error ? e.message : String(e)}); k6 reads the JSON form — write it with a .json --profile-out`);
  }
  const problem = profileProblem(raw);
  if (problem !== undefined) throw new ProfileError(problemLine(source, formatPath(problem.path), problem.problem, problem.fix));
  return raw as TargetProfile;
}

/** The targets of one section; a scenario with nothing to check is a configuration error, not a pass. */
export function sectionTargets<S extends Section>(p: TargetProfile, section: S): NonNullable<TargetProfile[S]> {
  const targets = p[section];
  if (!targets || targets.length === 0) throw new ProfileError(`profile ${JSON.stringify(p.name)} has no ${section} section: nothing for the ${section} scenario to check`);
  return targets as NonNullable<TargetProfile[S]>;
}
