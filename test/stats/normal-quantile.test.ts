import assert from "node:assert/strict";
import { twoSidedCriticalValue } from "../../harness/stats/normal-quantile.js";

describe("twoSidedCriticalValue", () => {
  // Reference quantiles of the standard normal (R: qnorm(1 - (1 - level) / 2)).
  for (const [level, z] of [
    [0.5, 0.6744897502],
    [0.95, 1.9599639845],
    [0.98, 2.3263478740],
    [0.999, 3.2905267315],
  ] as const) {
    it(`z for ${level} is ${z} to 1e-6`, () => assert.ok(Math.abs(twoSidedCriticalValue(level) - z) < 1e-6));
  }
});
