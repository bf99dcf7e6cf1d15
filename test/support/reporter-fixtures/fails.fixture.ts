// A fixture for test/support/reporter.test.ts (not a test: its name does not end in .test.ts).
import assert from "node:assert/strict";

describe("fixture: fails", () => {
  it("passes too", () => undefined);
  it("fails", () => assert.equal(1 + 1, 3));
});
