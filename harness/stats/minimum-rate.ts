// A one-sided test for "the success rate is at least r0" (retries: at least 1 − f^(attempts+1)),
// under the same tolerance contract as the proportion test: the pass band is [r0 − δ, 1].
// pass claims the rate is ≥ r0 − δ (wrong with probability ≤ β); fail claims it is below
// r0 − δ (wrong with probability ≤ α); both read one anytime-valid confidence sequence
// (./beta-mixture.ts) at levels 1 − β and 1 − α. Derivation: README.md "Retries".
import { BetaMixture } from "./beta-mixture.js";
import { checkSetting } from "./defaults.js";
import { requestsNeeded } from "./requests-needed.js";
import type { ProportionVerdict, ShareFinding } from "./types.js";
import { failClaim, interval, passClaim, percent, points } from "./wording.js";

export const MINIMUM_RATE_METHOD = "confidence-sequence-one-sided/v2";

export interface MinimumRateEvidence {
  method: string;
  /** The success rate a conforming mesh reaches (1 − f^(attempts+1)). */
  minimumRate: number;
  /** The pass band: [minimumRate − delta, 1]. */
  band: [number, number];
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
  requests: number;
  successes: number;
  /** successes / requests (0 before any request). */
  rate: number;
  /** Anytime-valid confidence interval for the rate at ciLevel (1 − α for a fail, else 1 − β). */
  ci: [number, number];
  ciLevel: number;
  finding: ShareFinding;
  /** Anytime-valid p-value for "the rate is at least minimumRate − delta"; fail ⇔ pValue ≤ alpha. */
  pValue: number;
  /** For an inconclusive result: requests a decision would need if the rate held still. */
  requestsNeeded?: number;
  reason: string;
}

export interface MinimumRateSpec {
  minimumRate: number;
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
}

export class MinimumRateTest {
  private readonly cs: BetaMixture;
  private readonly floor: number;
  /** ln and ln(1 − ·) of the floor, tested after every response. */
  private readonly floorLogs: [number, number];
  private decided: ProportionVerdict | undefined;
  private why = "";

  constructor(readonly spec: MinimumRateSpec) {
    const { minimumRate: r0, delta } = spec;
    for (const k of ["alpha", "beta", "delta", "budget"] as const) checkSetting(k, spec[k]);
    if (!(r0 > 0 && r0 < 1)) throw new Error(`minimum rate must be strictly between 0 and 1 (got ${r0})`);
    if (!(r0 - delta > 0)) throw new Error(`minimum rate ${percent(r0)} is within δ=${percent(delta)} of 0: every rate would pass, nothing to test`);
    this.floor = r0 - delta;
    this.floorLogs = [Math.log(this.floor), Math.log1p(-this.floor)];
    this.cs = BetaMixture.forBand(r0, delta);
  }

  get requests(): number {
    return this.cs.trials;
  }

  get verdict(): ProportionVerdict | undefined {
    return this.decided;
  }

  /** Records one request's success or failure; returns the verdict once there is one. */
  observe(success: boolean): ProportionVerdict | undefined {
    if (this.decided) return this.decided;
    this.cs.update(success);
    const n = this.cs.trials;
    const finding = this.finding();
    if (finding === "outside") {
      this.decide("fail", `${this.rateText(this.spec.alpha)} is below ${this.bandText()} after ${n} requests (${failClaim(this.spec.alpha, 1)})`);
    } else if (finding === "within") {
      this.decide("pass", `${this.rateText(this.spec.beta)} is at least ${this.bandText()} after ${n} requests (${passClaim(this.spec.beta)})`);
    } else if (n >= this.spec.budget) {
      this.decide("inconclusive", `budget of ${this.spec.budget} requests spent with no claim possible: ${this.undecidedSentence()}`);
    }
    return this.decided;
  }

  finish(): { verdict: ProportionVerdict; evidence: MinimumRateEvidence } {
    if (!this.decided) this.decide("inconclusive", `stopped after ${this.cs.trials} of ${this.spec.budget} budgeted requests, before a claim could be made: ${this.undecidedSentence()}`);
    const verdict = this.decided ?? "inconclusive";
    const { minimumRate, alpha, beta, delta, budget } = this.spec;
    const level = verdict === "fail" ? alpha : beta;
    const needed = verdict === "inconclusive" ? this.requestsNeeded() : undefined;
    const nearest = Math.max(this.floor, this.cs.share);
    return {
      verdict,
      evidence: {
        method: MINIMUM_RATE_METHOD,
        minimumRate,
        band: [this.floor, 1],
        alpha,
        beta,
        delta,
        budget,
        requests: this.cs.trials,
        successes: this.cs.successes,
        rate: this.cs.share,
        ci: this.cs.interval(level),
        ciLevel: 1 - level,
        finding: this.finding(),
        pValue: Math.min(1, Math.exp(-this.cs.logRatio(nearest))),
        ...(needed !== undefined ? { requestsNeeded: needed } : {}),
        reason: this.why,
      },
    };
  }

  /** outside: every rate ≥ r0 − δ excluded at 1 − α; within: every rate < r0 − δ excluded at 1 − β. */
  private finding(): ShareFinding {
    if (this.cs.trials === 0) return "undecided";
    // ln M_t is convex with its minimum at the observed rate: the floor is the only point to test.
    const atFloor = this.cs.logRatioAt(...this.floorLogs);
    if (this.cs.share < this.floor) return atFloor >= -Math.log(this.spec.alpha) ? "outside" : "undecided";
    return atFloor >= -Math.log(this.spec.beta) ? "within" : "undecided";
  }

  private rateText(level: number): string {
    return `success rate ${percent(this.cs.share)} ${interval(this.cs.interval(level))}`;
  }

  private bandText(): string {
    return `${points(this.floor)}% (the expected ${points(this.spec.minimumRate)}% − ${points(this.spec.delta)})`;
  }

  private undecidedSentence(): string {
    if (this.cs.trials === 0) return "no response was observed";
    const needed = this.requestsNeeded();
    const tail = needed !== undefined ? `; at this rate a decision needs about ${needed} requests` : "; at this rate (on the band's edge) no number of requests decides";
    return `${this.rateText(this.spec.beta)} is neither at least ${this.bandText()} (${passClaim(this.spec.beta)}) nor below it (${failClaim(this.spec.alpha, 1)})${tail}`;
  }

  private requestsNeeded(): number | undefined {
    if (this.cs.trials === 0) return undefined;
    const p = this.cs.share;
    const fail = p < this.floor;
    return requestsNeeded(p, [this.floor], fail ? this.spec.alpha : this.spec.beta, this.cs.a, this.cs.b, this.cs.trials);
  }

  private decide(verdict: ProportionVerdict, why: string): void {
    this.decided = verdict;
    this.why = why;
  }
}
