// The StringMatch predicate the runtime uses: Envoy's semantics, not JavaScript's defaults.
import assert from "node:assert/strict";
import { stringMatcher } from "../../local-mesh/model/string-match.js";

describe("stringMatcher", () => {
  it("matches exact values only", () => {
    const dev = stringMatcher({ exact: "dev" });
    assert.deepEqual(["dev", "Dev", "devel", "", undefined].map(dev), [true, false, false, false, false]);
  });

  it("matches prefixes, but never an absent header", () => {
    const api = stringMatcher({ prefix: "/api" });
    assert.deepEqual(["/api", "/api/v1", "/ap", undefined].map(api), [true, true, false, false]);
    assert.equal(stringMatcher({ prefix: "" })(undefined), false);
    assert.equal(stringMatcher({ prefix: "" })(""), true);
  });

  it("matches a regex against the whole value, as RE2 in Envoy does", () => {
    const version = stringMatcher({ regex: "v[0-9]+" });
    assert.deepEqual(["v1", "v12", "xv1", "v1x", undefined].map(version), [true, true, false, false, false]);
    const either = stringMatcher({ regex: "dev|prod" });
    assert.deepEqual(["dev", "prod", "devprod", "xdev"].map(either), [true, true, false, false]);
  });
});
