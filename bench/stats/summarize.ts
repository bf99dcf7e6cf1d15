// Turns a Monte Carlo tally into the figures the benchmark table prints.
import { wilsonInterval } from "../../harness/stats/index.js";
import type { Tally } from "../../test/stats/simulate.js";
import type { Scenario } from "./scenarios.js";

export interface Summary {
  meanRequests: number;
  p95Requests: number;
  /** Rate of the wrong verdict: fail on a conforming mesh, pass on one off by ≥ δ. */
  wrong: number;
  /** 95% Wilson upper bound of the wrong-verdict rate. */
  wrongUpper: number;
  inconclusive: number;
}

export function summarize(t: Tally, scenario: Scenario): Summary {
  const sorted = Float64Array.from(t.requests).sort();
  const wrongCount = scenario.correct === "pass" ? t.fail : t.pass;
  return {
    meanRequests: sorted.reduce((s, n) => s + n, 0) / t.runs,
    p95Requests: sorted[Math.ceil(0.95 * t.runs) - 1] ?? Number.NaN,
    wrong: wrongCount / t.runs,
    wrongUpper: wilsonInterval(wrongCount, t.runs, 0.95)[1],
    inconclusive: t.inconclusive / t.runs,
  };
}
