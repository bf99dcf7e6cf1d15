// Turns a Monte Carlo tally into the figures the benchmark tables print.
import { wilsonInterval } from "../../harness/stats/index.js";
import type { Tally } from "./simulate.js";
import type { Scenario } from "./scenarios.js";

export interface Summary {
  pass: number;
  fail: number;
  inconclusive: number;
  meanRequests: number;
  p95Requests: number;
  /** Rate of the wrong verdict (fail while every |p − w| ≤ δ, pass once some |p − w| > δ). */
  wrong: number;
  /** 95% Wilson upper bound of the wrong-verdict rate. */
  wrongUpper: number;
}

export function summarize(t: Tally, scenario: Scenario): Summary {
  const sorted = Float64Array.from(t.requests).sort();
  const wrongCount = t[scenario.wrong];
  return {
    pass: t.pass / t.runs,
    fail: t.fail / t.runs,
    inconclusive: t.inconclusive / t.runs,
    meanRequests: sorted.reduce((s, n) => s + n, 0) / t.runs,
    p95Requests: sorted[Math.ceil(0.95 * t.runs) - 1] ?? Number.NaN,
    wrong: wrongCount / t.runs,
    wrongUpper: wilsonInterval(wrongCount, t.runs, 0.95)[1],
  };
}

export interface SweepRow {
  scenario: Scenario;
  /** Per budget: the share of runs that reached the right verdict within it. */
  decided: Array<{ budget: number; rate: number }>;
  /** The smallest budget by which 99% of runs decided rightly (the 99th percentile of decision times), if the largest budget got there. */
  budgetFor99?: number;
}

/** Reads a run at a large budget as runs at every smaller one: a sequential test's decision time does not depend on the budget. */
export function sweep(verdicts: string[], requests: Float64Array, scenario: Scenario, budgets: number[]): SweepRow {
  const right = scenario.wrong === "fail" ? "pass" : "fail";
  const times = Float64Array.from(requests.filter((_, i) => verdicts[i] === right)).sort();
  const runs = verdicts.length;
  const decided = budgets.map((budget) => ({ budget, rate: times.filter((n) => n <= budget).length / runs }));
  const k = Math.ceil(0.99 * runs);
  return { scenario, decided, ...(times.length >= k ? { budgetFor99: times[k - 1] } : {}) };
}
