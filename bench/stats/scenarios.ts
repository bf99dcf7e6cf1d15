// The meshes the benchmark simulates: what the route says, what the mesh really does, and
// which verdict is wrong there under the tolerance contract (a share within weight ± δ
// conforms): a fail is wrong while every |p − w| ≤ δ, a pass is wrong once some |p − w| > δ.
import type { TrueShares } from "./simulate.js";

export interface Scenario {
  name: string;
  weights: Record<string, number>;
  truth: TrueShares;
  /** The verdict that would be wrong here; the other two are allowed. */
  wrong: "pass" | "fail";
  /** |p − w| in units of δ, for the 90/10 power table (undefined for the other weights). */
  offset?: number;
}

const DELTA = 0.05;

/** 90/10 with the canary's true share at 10% + k·δ. */
function ninetyTen(k: number): Scenario {
  const v2 = +(0.1 + k * DELTA).toFixed(6);
  const label = k === 0 ? "p = w" : `${k > 0 ? "+" : "−"}${Math.abs(k)}δ`;
  return {
    name: `90/10, true ${+((1 - v2) * 100).toFixed(2)}/${+(v2 * 100).toFixed(2)} (${label})`,
    weights: { v1: 90, v2: 10 },
    truth: { v1: 1 - v2, v2 },
    wrong: Math.abs(k) <= 1 ? "fail" : "pass",
    offset: k,
  };
}

export const POWER_OFFSETS = [0, 0.25, -0.25, 0.5, -0.5, 0.9, -0.9, 1.1, -1.1, 1.5, -1.5, 2, -2];

export const SCENARIOS: Scenario[] = [
  ...POWER_OFFSETS.map(ninetyTen),
  { name: "75/25 conforming", weights: { v1: 75, v2: 25 }, truth: { v1: 0.75, v2: 0.25 }, wrong: "fail" },
  { name: "50/50 conforming", weights: { a: 50, b: 50 }, truth: { a: 0.5, b: 0.5 }, wrong: "fail" },
  { name: "50/50, true 40/60 (2δ)", weights: { a: 50, b: 50 }, truth: { a: 0.4, b: 0.6 }, wrong: "pass" },
  { name: "50/30/20 conforming", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.5, b: 0.3, c: 0.2 }, wrong: "fail" },
];

/** Where the default budget falls short of 99%: the budget sweep runs these with a large budget. */
export const SWEEP_OFFSETS = [0.5, -0.5, 1.5, -1.5];
export const SWEEP_SCENARIOS: Scenario[] = SWEEP_OFFSETS.map(ninetyTen);
export const SWEEP_BUDGETS = [2000, 5000, 10000, 20000, 40000];
