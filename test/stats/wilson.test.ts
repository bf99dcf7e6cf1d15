import assert from "node:assert/strict";
import { wilsonInterval } from "../../harness/stats/index.js";

function close(actual: [number, number], expected: [number, number]): void {
  assert.ok(Math.abs(actual[0] - expected[0]) < 5e-4 && Math.abs(actual[1] - expected[1]) < 5e-4, `${actual} ≉ ${expected}`);
}

describe("wilsonInterval", () => {
  // Reference values: Wilson (1927) score interval, 95%, as tabulated by Newcombe (1998).
  it("matches published 95% intervals", () => {
    close(wilsonInterval(5, 10, 0.95), [0.2366, 0.7634]);
    close(wilsonInterval(0, 10, 0.95), [0, 0.2775]);
    close(wilsonInterval(10, 10, 0.95), [0.7225, 1]);
    close(wilsonInterval(81, 263, 0.95), [0.2553, 0.3662]);
  });

  it("widens with the confidence level and narrows with the sample", () => {
    const [l95, u95] = wilsonInterval(90, 1000, 0.95);
    const [l999, u999] = wilsonInterval(90, 1000, 0.999);
    const [l95big, u95big] = wilsonInterval(900, 10000, 0.95);
    assert.ok(l999 < l95 && u999 > u95);
    assert.ok(u95big - l95big < u95 - l95);
  });

  it("knows nothing before any request", () => assert.deepEqual(wilsonInterval(0, 0, 0.95), [0, 1]));
});
