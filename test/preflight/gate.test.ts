// The gate `meshcheck run` passes before any traffic: findings written, errors refuse with
// exit 2; warnings alone do not.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { preflightGate } from "../../harness/preflight/gate.js";
import { UsageError } from "../../harness/errors.js";
import { ExitCode } from "../../harness/exit-codes.js";
import { SEED_GUIDE_DIR } from "./seed-guide.js";

describe("preflight gate", () => {
  it("the seed's configuration: every finding written, then a UsageError (exit 2)", () => {
    const lines: string[] = [];
    assert.throws(
      () => preflightGate(SEED_GUIDE_DIR, (l) => lines.push(l)),
      (err: unknown) => err instanceof UsageError && err.exitCode === ExitCode.Usage && /preflight found \d+ configuration error/.test(err.message),
    );
    assert.ok(lines.some((l) => /gateway-selector/.test(l)));
  });

  it("kind/: passes and writes nothing", () => {
    const lines: string[] = [];
    preflightGate(fileURLToPath(new URL("../../kind/", import.meta.url)), (l) => lines.push(l));
    assert.deepEqual(lines, []);
  });
});
