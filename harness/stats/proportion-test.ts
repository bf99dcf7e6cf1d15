// The sequential decision for a proportion check: per destination, two one-sided SPRTs
// (share = w vs w+δ, share = w vs w−δ), α split Bonferroni over them, checked after every
// response. Why the error rates hold: README.md "Why the error rates hold".
import { resolveSpec, type ResolvedSpec } from "./defaults.js";
import { BernoulliSprt } from "./sprt.js";
import { LogSpacedTrace } from "./trace.js";
import type { DestinationEvidence, ProportionResult, ProportionSpec, ProportionVerdict } from "./types.js";
import { wilsonInterval } from "./wilson.js";

export const METHOD = "wald-sprt-bonferroni/v1";

interface SideTest {
  /** Index into the destination table. */
  destination: number;
  side: "above" | "below";
  sprt: BernoulliSprt;
}

/** Requests with no hit on a share ≥ δ needed before (1−δ)^n ≤ β: guards zero-weight and unexpected destinations. */
export function minimumRequestsToPass(beta: number, delta: number): number {
  return Math.ceil(Math.log(beta) / Math.log(1 - delta));
}

function pct(share: number): string {
  return `${+(share * 100).toFixed(2)}%`;
}

export class SequentialProportionTest {
  private readonly spec: ResolvedSpec;
  private readonly index = new Map<string, number>();
  private readonly counts: number[];
  private readonly tests: SideTest[] = [];
  private readonly minToPass: number;
  private readonly trace: LogSpacedTrace;
  private n = 0;
  private decided: ProportionVerdict | undefined;
  private why = "";
  private unexpected: string | undefined;
  private impossibleHit = false;

  constructor(spec: ProportionSpec) {
    this.spec = resolveSpec(spec);
    const { names, shares, alpha, beta, delta, budget } = this.spec;
    names.forEach((name, i) => this.index.set(name, i));
    this.counts = names.map(() => 0);
    this.minToPass = minimumRequestsToPass(beta, delta);
    this.trace = new LogSpacedTrace(budget);

    // Weight 0 or 100 needs no SPRT: any contrary response is a hit on a destination that
    // must get nothing, which fails at once.
    const sides: Array<{ destination: number; side: "above" | "below"; p1: number }> = [];
    shares.forEach((w, destination) => {
      if (w <= 0 || w >= 1) return;
      // A side is skipped only when w±δ leaves [0, 1]: no share can be that far off there.
      if (w + delta <= 1) sides.push({ destination, side: "above", p1: w + delta });
      if (w - delta >= 0) sides.push({ destination, side: "below", p1: w - delta });
    });
    const alphaEach = alpha / Math.max(1, sides.length);
    for (const s of sides) {
      const w = shares[s.destination] ?? 0;
      this.tests.push({ destination: s.destination, side: s.side, sprt: new BernoulliSprt(w, s.p1, alphaEach, beta) });
    }
  }

  get verdict(): ProportionVerdict | undefined {
    return this.decided;
  }

  get requests(): number {
    return this.n;
  }

  /**
   * Records which destination answered one request. Returns the verdict once there is one
   * (and keeps returning it, ignoring further responses), undefined while sampling should go on.
   */
  observe(destination: string): ProportionVerdict | undefined {
    if (this.decided) return this.decided;
    this.n += 1;
    const i = this.index.get(destination);
    if (i === undefined) {
      this.unexpected = destination;
      this.impossibleHit = true;
      return this.decide("fail", `unexpected destination "${destination}" (not in the weights) answered request ${this.n}`);
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    if (this.trace.due(this.n)) this.trace.record(this.n, this.shareTable());

    const expected = this.spec.shares[i] ?? 0;
    if (expected === 0) {
      this.impossibleHit = true;
      return this.decide("fail", `"${destination}" has weight 0 but answered request ${this.n}`);
    }

    let allAccepted = true;
    let rejected: SideTest | undefined;
    for (const t of this.tests) {
      const state = t.sprt.update(t.destination === i);
      if (state === "reject-null") rejected ??= t;
      else if (state === "running") allAccepted = false;
    }
    if (rejected) return this.decide("fail", this.rejectReason(rejected));
    if (allAccepted && this.n >= this.minToPass) {
      return this.decide(
        "pass",
        `every share is within ±${pct(this.spec.delta)} of its weight (${this.tests.length} SPRTs accepted) after ${this.n} requests`,
      );
    }
    if (this.n >= this.spec.budget) {
      return this.decide(
        "inconclusive",
        `budget of ${this.spec.budget} requests spent before a decision: a share is likely between its weight and ±${pct(this.spec.delta)} of it`,
      );
    }
    return undefined;
  }

  /** The verdict and its evidence; a test still sampling is closed as inconclusive. */
  finish(): ProportionResult {
    if (!this.decided) {
      this.decide(
        "inconclusive",
        `stopped after ${this.n} of ${this.spec.budget} budgeted requests, before a decision`,
      );
    }
    const { names, shares, alpha, beta, delta, budget } = this.spec;
    const ciLevel = 1 - alpha;
    const destinations: DestinationEvidence[] = names.map((name, i) =>
      this.destinationEvidence(name, shares[i] ?? 0, this.counts[i] ?? 0, ciLevel),
    );
    if (this.unexpected !== undefined) destinations.push(this.destinationEvidence(this.unexpected, 0, 1, ciLevel));
    return {
      verdict: this.decided ?? "inconclusive",
      evidence: {
        method: METHOD,
        alpha,
        beta,
        delta,
        budget,
        requests: this.n,
        destinations,
        pValue: this.pValue(),
        ...(this.unexpected !== undefined ? { unexpected: this.unexpected } : {}),
        reason: this.why,
        trace: this.trace.points,
      },
    };
  }

  private decide(verdict: ProportionVerdict, reason: string): ProportionVerdict {
    this.decided = verdict;
    this.why = reason;
    this.trace.close(this.n, this.shareTable());
    return verdict;
  }

  private rejectReason(t: SideTest): string {
    const name = this.spec.names[t.destination] ?? "?";
    const w = this.spec.shares[t.destination] ?? 0;
    const share = (this.counts[t.destination] ?? 0) / this.n;
    const dir = t.side === "above" ? "above" : "below";
    return `"${name}" gets ${pct(share)} of ${this.n} requests: evidence that its share is ${dir} ${pct(w)} by ${pct(this.spec.delta)} or more`;
  }

  /** Anytime-valid: min over SPRTs of m / (peak likelihood ratio), capped at 1 (Ville + Bonferroni). */
  private pValue(): number {
    if (this.impossibleHit) return 0;
    let p = 1;
    for (const t of this.tests) p = Math.min(p, this.tests.length / t.sprt.peakLikelihoodRatio);
    return p;
  }

  private shareTable(): Record<string, number> {
    const shares: Record<string, number> = {};
    this.spec.names.forEach((name, i) => {
      shares[name] = this.n === 0 ? 0 : (this.counts[i] ?? 0) / this.n;
    });
    if (this.unexpected !== undefined) shares[this.unexpected] = 1 / this.n;
    return shares;
  }

  private destinationEvidence(name: string, expectedShare: number, observed: number, ciLevel: number): DestinationEvidence {
    return {
      name,
      expectedShare,
      observed,
      share: this.n === 0 ? 0 : observed / this.n,
      ci: wilsonInterval(observed, this.n, ciLevel),
      ciLevel,
    };
  }
}
