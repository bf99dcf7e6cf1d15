import assert from "node:assert/strict";
import { errorFunction, probit } from "simple-statistics";
import { normalQuantile, twoSidedCriticalValue, upperQuantile } from "../../spec/normal-quantile.js";
import { twoSidedCriticalValue as harnessCriticalValue } from "../../harness/stats/index.js";

// Φ⁻¹(p) to double precision, from SciPy 1.17.1 (Cephes ndtri):
//   python3 -c "from scipy.stats import norm; print(repr(float(norm.ppf(p))))"
// Either side of both switch points of the approximation (0.02425 and 1 − 0.02425) and deep
// into the tails that α/t reaches.
const REFERENCE: readonly (readonly [number, number])[] = [
  [1e-12, -7.034483825301131],
  [1e-09, -5.9978070150076865],
  [1e-06, -4.753424308822899],
  [0.000125, -3.6622599308877013],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.02425, -1.972961051311885],
  [0.025, -1.9599639845400545],
  [0.05, -1.6448536269514729],
  [0.1, -1.2815515655446004],
  [0.25, -0.6744897501960817],
  [0.4, -0.2533471031357997],
  [0.5, 0.0],
  [0.6, 0.2533471031357997],
  [0.75, 0.6744897501960817],
  [0.9, 1.2815515655446004],
  [0.95, 1.6448536269514722],
  [0.975, 1.959963984540054],
  [0.97575, 1.972961051311885],
  [0.99, 2.3263478740408408],
  [0.995, 2.5758293035489004],
  [0.999, 3.090232306167813],
  [0.9995, 3.2905267314919255],
  [0.9999, 3.719016485455709],
];

/**
 * Acklam's published bound is a relative error of 1.15e-9 (measured against SciPy on 40,000
 * points from 1e-300 to 1 − 1e-4: at most 1.13e-9 · max(1, |z|)); absolute 1e-9 holds for |z| ≤ 1.
 */
const close = (got: number, want: number) => Math.abs(got - want) <= 1.15e-9 * Math.max(1, Math.abs(want));

describe("spec/normal-quantile", () => {
  it("matches reference quantiles to Acklam's bound across the body and both tails", () => {
    for (const [p, z] of REFERENCE) if (Math.abs(z) <= 1) assert.ok(Math.abs(normalQuantile(p) - z) <= 1e-9, `Φ⁻¹(${p}) to 1e-9 absolute`);
    for (const [p, z] of REFERENCE) assert.ok(close(normalQuantile(p), z), `Φ⁻¹(${p}) = ${normalQuantile(p)}, want ${z}`);
  });

  it("gives upper and two-sided quantiles by the same function", () => {
    for (const [p, z] of REFERENCE) assert.ok(close(upperQuantile(p), -z), `upper ${p}`);
    // P(|Z| > z) = 1 − level, so level 0.95 is Φ⁻¹(0.975).
    assert.ok(close(twoSidedCriticalValue(0.95), 1.959963984540054));
    assert.ok(close(twoSidedCriticalValue(0.998), 3.090232306167813));
    assert.ok(close(twoSidedCriticalValue(0.5), 0.6744897501960817));
  });

  it("keeps tiny tails exact instead of rounding 1 − tail", () => {
    // 1 − 1e-17 is 1 in doubles: Φ⁻¹(1 − tail) cannot be asked, the upper quantile can.
    assert.throws(() => normalQuantile(1 - 1e-17), /p must be in \(0, 1\)/);
    assert.ok(Number.isFinite(upperQuantile(1e-17)) && upperQuantile(1e-17) > 8);
  });

  it("rejects p outside (0, 1)", () => {
    for (const p of [0, 1, -0.1, 1.1, Number.NaN]) assert.throws(() => normalQuantile(p), /p must be in \(0, 1\)/, String(p));
  });

  it("is the one the harness's statistics use", () => {
    assert.equal(harnessCriticalValue, twoSidedCriticalValue);
  });

  it("agrees with simple-statistics where that one is accurate, and shows why probit alone is not used", () => {
    // simple-statistics' probit is a closed-form approximation, off by ~3e-3 at 0.975; its
    // errorFunction is good to ~1.2e-7, so Φ(Φ⁻¹(p)) through it returns p to that accuracy.
    assert.ok(Math.abs(probit(0.975) - 1.959963984540054) > 1e-3, "probit's own error is what this module exists to avoid");
    for (const [p, z] of REFERENCE) {
      if (p < 1e-6 || p > 1 - 1e-6) continue;
      const phi = (1 + errorFunction(normalQuantile(p) / Math.SQRT2)) / 2;
      assert.ok(Math.abs(phi - p) < 2e-7, `Φ(Φ⁻¹(${p})) = ${phi} (z ${z})`);
    }
  });
});
