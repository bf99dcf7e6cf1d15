// `meshcheck --help` must name every check, feature and local-mesh fault that exists, so the
// help cannot drift behind the code.
import assert from "node:assert/strict";
import { USAGE } from "../../harness/cli/usage.js";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { FEATURES } from "../../harness/check-kit/types.js";
import { FAULT_USAGE } from "../../local-mesh/index.js";

describe("meshcheck --help", () => {
  const flat = USAGE.replace(/\s+/g, " ");
  it("names every check", () => {
    for (const c of ALL_CHECKS) assert.ok(flat.includes(c.id), `help does not name check ${c.id}`);
  });
  it("names every feature, and every feature has a check", () => {
    for (const f of FEATURES) {
      assert.ok(flat.includes(f), `help does not name feature ${f}`);
      assert.ok(ALL_CHECKS.some((c) => c.feature === f), `feature ${f} has no check`);
    }
  });
  it("names every local-mesh fault", () => {
    for (const f of FAULT_USAGE) {
      // A valued fault is named with its `=` (`timeout=`), so a mere substring (`timeouts-off`) does not count.
      const name = /^[^ =]+=?/.exec(f)![0];
      assert.ok(flat.includes(name), `help does not name fault ${name}`);
    }
  });
});
