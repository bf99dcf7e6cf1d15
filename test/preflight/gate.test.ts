// The gate `meshcheck run` passes before any traffic: findings written, errors refuse with
// exit 2; warnings alone do not.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { preflightGate } from "../../harness/preflight/gate.js";
import { UsageError } from "../../harness/errors.js";
import { ExitCode } from "../../harness/exit-codes.js";
import { extractSeedBlocks } from "./seed-blocks.js";

describe("preflight gate", () => {
  it("the seed's configuration: every finding written, then a UsageError (exit 2)", () => {
    const seed = extractSeedBlocks();
    const lines: string[] = [];
    try {
      assert.throws(
        () => preflightGate(seed.dir, (l) => lines.push(l)),
        (err: unknown) => err instanceof UsageError && err.exitCode === ExitCode.Usage && /preflight found \d+ configuration error/.test(err.message),
      );
    } finally {
      seed.dispose();
    }
    assert.ok(lines.some((l) => /gateway-selector/.test(l)));
  });

  it("kind/: passes and writes nothing", () => {
    const lines: string[] = [];
    preflightGate(fileURLToPath(new URL("../../kind/", import.meta.url)), (l) => lines.push(l));
    assert.deepEqual(lines, []);
  });
});
