// Steady traffic's verdict: the share of requests that failed (no answer, a 5xx, or an answer
// whose body broke off) against an error budget. During an upgrade a few failures may be acceptable; how many is the budget.
import type { TrafficStats } from "../traffic/stats.js";

export interface BudgetVerdict {
  requests: number;
  failed: number;
  /** failed / requests (0 when nothing was sent). */
  errorRate: number;
  budget: number;
  withinBudget: boolean;
}

export function judgeErrorBudget(stats: Pick<TrafficStats, "requests" | "errors" | "byStatusClass"> & Partial<Pick<TrafficStats, "brokenAnswers">>, budget: number): BudgetVerdict {
  const failed = stats.errors + stats.byStatusClass["5xx"] + (stats.brokenAnswers ?? 0);
  const errorRate = stats.requests === 0 ? 0 : failed / stats.requests;
  // Nothing sent proves nothing: that is not "within budget".
  return { requests: stats.requests, failed, errorRate, budget, withinBudget: stats.requests > 0 && errorRate <= budget };
}
