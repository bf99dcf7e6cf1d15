// The target profile, read in k6's init context (open() exists only there) from the absolute
// path in -e PROFILE, and checked before any traffic.
import { profilePath } from "../lib/env.ts";
import { parseProfile } from "../lib/profile.ts";
import type { TargetProfile } from "../../spec/profile/types.ts";

export function loadProfile(): TargetProfile {
  const path = profilePath(__ENV);
  return parseProfile(open(path), path);
}
