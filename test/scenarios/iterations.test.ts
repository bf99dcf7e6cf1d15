import assert from "node:assert/strict";
import { layOut, ownerOf } from "../../scenarios/lib/iterations.js";

describe("scenarios/lib/iterations", () => {
  it("lays targets end to end and finds each iteration's owner", () => {
    const { planned, total } = layOut([
      { name: "a", plan: { requests: 3 } },
      { name: "b", plan: { requests: 2 } },
    ]);
    assert.equal(total, 5);
    assert.deepEqual(planned.map((p) => p.from), [0, 3]);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => ownerOf(planned, i).name), ["a", "a", "a", "b", "b"]);
  });

  it("refuses to find an owner among no targets", () => {
    assert.throws(() => ownerOf([], 0), /no planned targets/);
  });
});
