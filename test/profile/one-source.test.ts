// The profile's one source holds together: every schema object a TS type is derived from is the
// very object (not a copy) the validators walk, and the list of check sections is the schema's.
import assert from "node:assert/strict";
import * as schema from "../../spec/profile/schema.js";

/** Every object reachable from `root`, by identity. */
function reachable(root: unknown, seen = new Set<unknown>()): Set<unknown> {
  if (root === null || typeof root !== "object" || seen.has(root)) return seen;
  seen.add(root);
  for (const v of Object.values(root)) reachable(v, seen);
  return seen;
}

describe("spec/profile: one source", () => {
  it("every exported schema object is part of the target profile schema the validators use", () => {
    const inProfile = reachable(schema.targetProfileSchema);
    const exported = Object.entries(schema).filter(([name]) => name.endsWith("Schema") && name !== "targetProfileSchema");
    assert.ok(exported.length >= 20, `only ${exported.length} schema objects exported`);
    for (const [name, obj] of exported) assert.ok(inProfile.has(obj), `${name} is not used by targetProfileSchema: a type derived from it would describe nothing validated`);
  });

  it("PROFILE_SECTIONS are exactly the schema's list-valued fields", () => {
    const lists = Object.entries(schema.targetProfileSchema.properties).filter(([, s]) => "type" in s && s.type === "array").map(([k]) => k);
    assert.deepEqual([...schema.PROFILE_SECTIONS], lists);
  });
});
