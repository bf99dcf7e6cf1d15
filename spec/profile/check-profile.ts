// The whole check of a profile where ajv cannot run (k6): the schema, by walking the same schema
// objects ajv compiles in the harness, then the shared semantic checks. The harness runs the
// same two steps with ajv and adds what only Node can check (harness/profile/validate.ts).

import type { ProfileProblem } from "./field-path.ts";
import { targetProfileSchema } from "./schema.ts";
import { describeSchemaFailure } from "./schema-failure.ts";
import { firstSchemaFailure } from "./schema-walk.ts";
import { semanticProblem } from "./semantics.ts";
import type { TargetProfile } from "./types.ts";

/** The first problem of `data` as a target profile, or undefined if it is one. */
export function profileProblem(data: unknown): ProfileProblem | undefined {
  const failure = firstSchemaFailure(targetProfileSchema, data);
  if (failure !== undefined) return describeSchemaFailure(failure);
  return semanticProblem(data as TargetProfile);
}
