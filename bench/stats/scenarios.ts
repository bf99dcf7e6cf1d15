// The meshes the benchmark simulates: what the route says, what the mesh really does, and
// which verdict is right. No indifference-zone scenarios: there every verdict is acceptable.
import type { ProportionVerdict } from "../../harness/stats/index.js";
import type { TrueShares } from "../../test/stats/simulate.js";

export interface Scenario {
  name: string;
  weights: Record<string, number>;
  truth: TrueShares;
  correct: Exclude<ProportionVerdict, "inconclusive">;
}

export const SCENARIOS: Scenario[] = [
  { name: "90/10 conforming", weights: { v1: 90, v2: 10 }, truth: { v1: 0.9, v2: 0.1 }, correct: "pass" },
  { name: "90/10, true 95/5 (+δ)", weights: { v1: 90, v2: 10 }, truth: { v1: 0.95, v2: 0.05 }, correct: "fail" },
  { name: "90/10, true 85/15 (−δ)", weights: { v1: 90, v2: 10 }, truth: { v1: 0.85, v2: 0.15 }, correct: "fail" },
  { name: "90/10, true 83/17 (1.4δ)", weights: { v1: 90, v2: 10 }, truth: { v1: 0.83, v2: 0.17 }, correct: "fail" },
  { name: "90/10, true 80/20 (2δ)", weights: { v1: 90, v2: 10 }, truth: { v1: 0.8, v2: 0.2 }, correct: "fail" },
  { name: "75/25 conforming", weights: { v1: 75, v2: 25 }, truth: { v1: 0.75, v2: 0.25 }, correct: "pass" },
  { name: "75/25, true 70/30 (−δ)", weights: { v1: 75, v2: 25 }, truth: { v1: 0.7, v2: 0.3 }, correct: "fail" },
  { name: "50/30/20 conforming", weights: { a: 50, b: 30, c: 20 }, truth: { a: 0.5, b: 0.3, c: 0.2 }, correct: "pass" },
  { name: "50/50 conforming", weights: { a: 50, b: 50 }, truth: { a: 0.5, b: 0.5 }, correct: "pass" },
];
