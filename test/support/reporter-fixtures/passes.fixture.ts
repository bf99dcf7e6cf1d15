// A fixture for test/support/reporter.test.ts (not a test: its name does not end in .test.ts).
describe("fixture: passes", () => {
  it("passes", () => undefined);
  it.skip("is skipped", () => undefined);
});
