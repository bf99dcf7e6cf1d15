// The registry is the one list of features: check ids and evidence kinds are unique, the
// runner's check list and the report loader's known kinds come from it, and the renderers find
// each feature by its evidence kind.
import assert from "node:assert/strict";
import { ALL_CHECKS, ALL_FEATURES, EVIDENCE_KINDS, featureOfKind } from "../../harness/features/registry.js";

describe("feature registry", () => {
  it("check ids and evidence kinds are unique, and each kind finds its own feature", () => {
    assert.equal(new Set(ALL_FEATURES.map((f) => f.check.id)).size, ALL_FEATURES.length);
    assert.equal(new Set(ALL_FEATURES.map((f) => f.kind)).size, ALL_FEATURES.length);
    for (const f of ALL_FEATURES) assert.equal(featureOfKind(f.kind), f, f.kind);
  });

  it("the check list and the known evidence kinds are the registry's", () => {
    assert.deepEqual(ALL_CHECKS, ALL_FEATURES.map((f) => f.check));
    assert.deepEqual([...EVIDENCE_KINDS].sort(), [...ALL_FEATURES.map((f) => f.kind), "error"].sort());
  });
});
