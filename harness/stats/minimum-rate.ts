// A one-sided sequential test for "the success rate is at least r0" (retries: at least
// 1 − f^(attempts+1)). One Wald SPRT, H0 p = r0 against H1 p = r0 − δ, with the exact
// thresholds of ./sprt.ts. A mesh at or above r0 fails with probability ≤ α (above r0 the
// likelihood ratio only drifts further down: monotone likelihood ratio); a mesh at or below
// r0 − δ passes with probability ≤ β. Same contract and terms as the proportion test.
import { BernoulliSprt } from "./sprt.js";
import { wilsonInterval } from "./wilson.js";
import type { ProportionVerdict } from "./types.js";

export const MINIMUM_RATE_METHOD = "wald-sprt-one-sided/v1";

export interface MinimumRateEvidence {
  method: string;
  /** The least success rate that conforms. */
  minimumRate: number;
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
  requests: number;
  successes: number;
  /** successes / requests (0 before any request). */
  rate: number;
  /** Wilson score interval for the rate at ciLevel = 1 − α. */
  ci: [number, number];
  ciLevel: number;
  /** Anytime-valid p-value for "the rate is at least minimumRate" (Ville: 1 / peak likelihood ratio). */
  pValue: number;
  reason: string;
}

export interface MinimumRateSpec {
  minimumRate: number;
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
}

function pct(x: number): string {
  return `${+(x * 100).toFixed(2)}%`;
}

export class MinimumRateTest {
  private readonly sprt: BernoulliSprt;
  private n = 0;
  private hits = 0;
  private decided: ProportionVerdict | undefined;
  private why = "";

  constructor(readonly spec: MinimumRateSpec) {
    const { minimumRate: r0, delta } = spec;
    if (!(r0 > 0 && r0 < 1)) throw new Error(`minimum rate must be strictly between 0 and 1 (got ${r0})`);
    if (!(r0 - delta > 0)) throw new Error(`minimum rate ${pct(r0)} is within δ=${pct(delta)} of 0: nothing to test`);
    this.sprt = new BernoulliSprt(r0, r0 - delta, spec.alpha, spec.beta);
  }

  get requests(): number {
    return this.n;
  }

  get verdict(): ProportionVerdict | undefined {
    return this.decided;
  }

  /** Records one request's success or failure; returns the verdict once there is one. */
  observe(success: boolean): ProportionVerdict | undefined {
    if (this.decided) return this.decided;
    this.n++;
    if (success) this.hits++;
    const state = this.sprt.update(success);
    const { minimumRate: r0, delta, budget } = this.spec;
    if (state === "reject-null") {
      this.decide("fail", `success rate ${pct(this.hits / this.n)} after ${this.n} requests is below ${pct(r0)}: a rate of ${pct(r0 - delta)} or less explains it far better`);
    } else if (state === "accept-null") {
      this.decide("pass", `success rate ${pct(this.hits / this.n)} after ${this.n} requests is consistent with at least ${pct(r0)} (not ${pct(r0 - delta)} or less)`);
    } else if (this.n >= budget) {
      this.decide("inconclusive", `budget of ${budget} requests spent before a decision: the rate is likely between ${pct(r0 - delta)} and ${pct(r0)}`);
    }
    return this.decided;
  }

  finish(): { verdict: ProportionVerdict; evidence: MinimumRateEvidence } {
    if (!this.decided) this.decide("inconclusive", `stopped after ${this.n} of ${this.spec.budget} budgeted requests, before a decision`);
    const { minimumRate, alpha, beta, delta, budget } = this.spec;
    const ciLevel = 1 - alpha;
    return {
      verdict: this.decided ?? "inconclusive",
      evidence: {
        method: MINIMUM_RATE_METHOD,
        minimumRate,
        alpha,
        beta,
        delta,
        budget,
        requests: this.n,
        successes: this.hits,
        rate: this.n === 0 ? 0 : this.hits / this.n,
        ci: wilsonInterval(this.hits, this.n, ciLevel),
        ciLevel,
        pValue: Math.min(1, 1 / this.sprt.peakLikelihoodRatio),
        reason: this.why,
      },
    };
  }

  private decide(verdict: ProportionVerdict, why: string): void {
    this.decided = verdict;
    this.why = why;
  }
}
