// Wald's sequential probability ratio test for a Bernoulli stream: H0 p = p0 vs H1 p = p1.
// Thresholds are ln(1/alpha) and ln(beta), not Wald's (1-β)/α and β/(1-α): with these the
// bounds P0(accept H1) ≤ alpha and P1(accept H0) ≤ beta are exact (likelihood-ratio change
// of measure; overshoot only helps), even when the test is cut short by a budget.

export type SprtState = "running" | "accept-null" | "reject-null";

export class BernoulliSprt {
  readonly upper: number;
  readonly lower: number;
  private readonly hitStep: number;
  private readonly missStep: number;
  private llr = 0;
  private peak = 0;
  private current: SprtState = "running";

  constructor(
    readonly p0: number,
    readonly p1: number,
    alpha: number,
    beta: number,
  ) {
    if (!(p0 > 0 && p0 < 1) || !(p1 >= 0 && p1 <= 1) || p0 === p1) {
      throw new Error(`SPRT needs 0 < p0 < 1, 0 ≤ p1 ≤ 1 and p0 ≠ p1 (got p0=${p0}, p1=${p1})`);
    }
    this.upper = Math.log(1 / alpha);
    this.lower = Math.log(beta);
    // p1 = 0 or 1 gives an infinite step: one contrary observation settles the test.
    this.hitStep = Math.log(p1 / p0);
    this.missStep = Math.log((1 - p1) / (1 - p0));
  }

  get state(): SprtState {
    return this.current;
  }

  /** Log-likelihood ratio ln(L1/L0) so far. */
  get logLikelihoodRatio(): number {
    return this.llr;
  }

  /** Largest likelihood ratio seen (≥ 1): 1/peak is an anytime-valid p-value for H0 (Ville). */
  get peakLikelihoodRatio(): number {
    return Math.exp(this.peak);
  }

  /** Feeds one observation; a settled test ignores further ones. */
  update(hit: boolean): SprtState {
    if (this.current !== "running") return this.current;
    this.llr += hit ? this.hitStep : this.missStep;
    if (this.llr > this.peak) this.peak = this.llr;
    if (this.llr >= this.upper) this.current = "reject-null";
    else if (this.llr <= this.lower) this.current = "accept-null";
    return this.current;
  }
}
