import assert from "node:assert/strict";
import { fisherExactTest } from "../../harness/stats/fisher-exact.js";

describe("Fisher's exact test", () => {
  it("matches the textbook values (R: fisher.test)", () => {
    // Fisher's tea tasting: 3 of 4 right in the first sample, 1 of 4 in the second.
    const tea = fisherExactTest(3, 4, 1, 4);
    assert.ok(Math.abs(tea.pTwoSided - 0.4857143) < 1e-6, String(tea.pTwoSided));
    assert.ok(Math.abs(tea.pSecondSmaller - 0.2428571) < 1e-6, String(tea.pSecondSmaller));
    assert.ok(Math.abs(tea.pSecondLarger - 0.9857143) < 1e-6, String(tea.pSecondLarger));
    // 1 of 10 against 0 of 400: P = 10/410 exactly (one success among 410, drawn into the 10).
    assert.ok(Math.abs(fisherExactTest(0, 400, 1, 10).pSecondLarger - 10 / 410) < 1e-9);
  });

  it("gives p = 1 when nothing moved and never exceeds 1", () => {
    const same = fisherExactTest(40, 400, 40, 400);
    assert.ok(Math.abs(same.pTwoSided - 1) < 1e-9 && same.pSecondLarger <= 1 && same.pSecondSmaller <= 1);
    assert.equal(fisherExactTest(0, 5, 0, 7).pTwoSided, 1);
  });

  it("refuses counts that are not a sample", () => {
    assert.throws(() => fisherExactTest(5, 4, 1, 4), /first sample needs integers 0 ≤ k ≤ n/);
    assert.throws(() => fisherExactTest(1, 4, 1.5, 4), /second sample/);
  });
});
