// The disruption check's error budget, judged by an exact binomial test instead of a raw ratio
// (1 lost in 48 = 2.1% failed a clean mesh against a 2% budget). Each request of the traffic
// window is taken as an independent draw at the window's loss rate r:
//
//   fail when P(X ≥ k | n, budget) ≤ α   — r > budget, wrong with probability ≤ α;
//   pass when P(X ≤ k | n, budget) ≤ β   — r < budget, wrong with probability ≤ β;
//   inconclusive otherwise (k near n × budget, or too few requests).
//
// The count is sized from the budget: the window must hold at least
//   n₁ = the least n with P(X ≤ 1 | n, budget) ≤ β
// requests, so that a restart losing one request can still pass (330 for a 2% budget at
// β = 0.01; zero lost needs n₀ = ⌈ln β / ln(1 − budget)⌉ = 228).
import { binomialLowerTail, binomialUpperTail, upperConfidenceBound } from "../../spec/timing/binomial-bounds.js";

/** The most requests the plan asks for: a budget this small is not provable by sampling a short window anyway. */
export const MAX_PLANNED = 5_000;

export interface BudgetTest {
  requests: number;
  failed: number;
  budget: number;
  alpha: number;
  beta: number;
  /** P(X ≥ failed | requests, budget): the fail claim's error. */
  pAbove: number;
  /** P(X ≤ failed | requests, budget): the pass claim's error. */
  pBelow: number;
  /** Clopper–Pearson upper bound of the loss rate at error β. */
  upperBound: number;
  /** Requests the plan asked for (n₁). */
  planned: number;
  verdict: "pass" | "fail" | "inconclusive";
}

/** n₁: the least n with which one lost request still passes; MAX_PLANNED for a budget of 0 or one too small. */
export function plannedRequests(budget: number, beta: number): number {
  if (!(budget > 0)) return MAX_PLANNED;
  let n = 2;
  while (n < MAX_PLANNED && binomialLowerTail(1, n, budget) > beta) n++;
  return n;
}

export function judgeBudget(failed: number, requests: number, budget: number, alpha: number, beta: number): BudgetTest {
  const pAbove = binomialUpperTail(failed, requests, budget);
  const pBelow = binomialLowerTail(failed, requests, budget);
  // A budget of 0 admits no loss: any loss fails; none passes only as "below the upper bound".
  const verdict = requests === 0 ? "inconclusive" : pAbove <= alpha ? "fail" : pBelow <= beta || (budget === 0 && failed === 0) ? "pass" : "inconclusive";
  return { requests, failed, budget, alpha, beta, pAbove, pBelow, upperBound: upperConfidenceBound(failed, requests, beta), planned: plannedRequests(budget, beta), verdict };
}
