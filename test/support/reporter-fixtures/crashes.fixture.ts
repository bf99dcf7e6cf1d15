// A fixture for test/support/reporter.test.ts (not a test: its name does not end in .test.ts).
// A test that ends its process: in a parallel run the worker dies mid-file.
describe("fixture: crashes", () => {
  it("exits the process", () => {
    process.exit(0);
  });
  it("never runs", () => undefined);
});
