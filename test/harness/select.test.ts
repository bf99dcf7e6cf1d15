import assert from "node:assert/strict";
import { planChecks, validateSelection } from "../../harness/runner/select.js";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { UsageError } from "../../harness/errors.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const profile: TargetProfile = {
  apiVersion: "meshcheck/v1",
  kind: "TargetProfile",
  name: "t",
  identify: { header: "x-version" },
  vantages: { outside: { kind: "direct" } },
  canary: [
    { name: "a", url: "http://127.0.0.1:1/", weights: { v1: 90, v2: 10 } },
    { name: "b", url: "http://127.0.0.1:1/", weights: { v1: 50, v2: 50 } },
  ],
};

describe("check selection", () => {
  it("skips checks whose profile section is absent, saying why", () => {
    const { planned, skipped } = planChecks(ALL_CHECKS, profile, { checks: [], features: [] });
    assert.deepEqual(planned.map((p) => p.id), ["canary-split/a", "canary-split/b"]);
    // Every check but the canary's: the profile has only a canary section.
    assert.deepEqual(skipped.map((s) => s.check), ALL_CHECKS.map((c) => c.id).filter((id) => id !== "canary-split").sort());
    assert.match(skipped[0]!.reason, /no "authz" section/);
  });

  it("selects by check id, by check/target, and by feature", () => {
    assert.deepEqual(planChecks(ALL_CHECKS, profile, { checks: ["canary-split/b"], features: [] }).planned.map((p) => p.id), ["canary-split/b"]);
    assert.equal(planChecks(ALL_CHECKS, profile, { checks: [], features: ["routing"] }).planned.length, 0);
    assert.equal(planChecks(ALL_CHECKS, profile, { checks: ["canary-split"], features: [] }).planned.length, 2);
  });

  it("rejects unknown checks, features and targets with one line naming them", () => {
    assert.throws(() => validateSelection(ALL_CHECKS, { checks: ["canary"], features: [] }), (e: unknown) => e instanceof UsageError && /--check canary: unknown check \(known: header-routing, canary-split/.test(e.message));
    assert.throws(() => validateSelection(ALL_CHECKS, { checks: [], features: ["teleport"] }), /--feature teleport: unknown feature/);
    assert.throws(() => planChecks(ALL_CHECKS, profile, { checks: ["canary-split/zzz"], features: [] }), /--check canary-split\/zzz: the target profile has no such target/);
  });

  it("a --check outside every --feature selects nothing: a usage error naming both (was exit 3)", () => {
    assert.throws(
      () => validateSelection(ALL_CHECKS, { checks: ["mtls-strict"], features: ["canary"] }),
      (e: unknown) => e instanceof UsageError && e.message === "--check mtls-strict with --feature canary: selects nothing, as mtls-strict is feature mtls (drop --feature, or add --feature mtls)",
    );
    assert.throws(() => validateSelection(ALL_CHECKS, { checks: ["canary-split", "mtls-strict/x"], features: ["canary", "routing"] }), /--check mtls-strict\/x with --feature canary, routing: selects nothing/);
    validateSelection(ALL_CHECKS, { checks: ["mtls-strict"], features: ["mtls", "canary"] });
  });
});
