// Runs the profile's JSON Schema (spec/profile/schema.ts, the one source) through ajv and turns
// ajv's first error into the same one-line ProfileError the k6 side gives for it: ajv's error
// becomes a SchemaFailure, which spec/profile/schema-failure.ts words for a person.

import { Ajv, type ErrorObject } from "ajv";
import { pointerToSegments, ProfileError } from "./profile-error.js";
import { targetProfileSchema } from "../../spec/profile/schema.js";
import { describeSchemaFailure, type SchemaFailure } from "../../spec/profile/schema-failure.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const ajv = new Ajv({ allErrors: false, discriminator: true, verbose: true, strict: true });
const validate = ajv.compile<TargetProfile>(targetProfileSchema);

/** The first failure ajv finds, in the shared vocabulary, or undefined if `data` matches. */
export function ajvFailure(data: unknown): SchemaFailure | undefined {
  if (validate(data)) return undefined;
  const err: ErrorObject | undefined = validate.errors?.[0];
  if (err === undefined) return { keyword: "unknown", path: [], params: {}, schema: targetProfileSchema, data };
  return { keyword: err.keyword, path: pointerToSegments(err.instancePath, data), params: err.params, schema: err.parentSchema, data: err.data };
}

/** Throws ProfileError unless `data` matches the schema. */
export function checkSchema(data: unknown, source: string): asserts data is TargetProfile {
  const failure = ajvFailure(data);
  if (failure !== undefined) throw ProfileError.of(source, describeSchemaFailure(failure));
}
