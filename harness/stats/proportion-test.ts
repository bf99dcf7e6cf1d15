// The sequential decision for a proportion check: one anytime-valid confidence sequence per
// share (./beta-mixture.ts), read at two levels. Pass when every share's interval at 1 − β
// sits inside weight ± δ; fail when some share's interval at 1 − α (Bonferroni over the
// shares tested) sits wholly outside it. Why the error rates hold: README.md.
import { BetaMixture, intervalOf, type MixtureSnapshot } from "./beta-mixture.js";
import { resolveSpec, type ResolvedSpec } from "./defaults.js";
import { requestsNeeded } from "./requests-needed.js";
import { LogSpacedTrace } from "./trace.js";
import type { DestinationEvidence, ProportionResult, ProportionSpec, ProportionVerdict, ShareFinding, TracePoint } from "./types.js";
import { bandText, failClaim, passClaim, percent, shareText } from "./wording.js";

export const METHOD = "confidence-sequence/v2";

/** A destination whose share is tested (0 < weight < 1). */
interface ShareTest {
  destination: number;
  band: [number, number];
  cs: BetaMixture;
  /** ln p and ln(1 − p) at the band's edges, for the per-response checks. */
  loLogs: [number, number];
  hiLogs: [number, number];
}

function logs(p: number): [number, number] {
  return [Math.log(p), Math.log1p(-p)];
}

/** Requests with no hit on a share ≥ δ needed before (1−δ)^n ≤ β: guards zero-weight and unexpected destinations. */
export function minimumRequestsToPass(beta: number, delta: number): number {
  return Math.ceil(Math.log(beta) / Math.log(1 - delta));
}

export function bandOf(weight: number, delta: number): [number, number] {
  return weight === 0 ? [0, 0] : [Math.max(0, weight - delta), Math.min(1, weight + delta)];
}

export class SequentialProportionTest {
  private readonly spec: ResolvedSpec;
  private readonly index = new Map<string, number>();
  private readonly counts: number[];
  /** Every destination with 0 < weight < 1, for the evidence. */
  private readonly tests: ShareTest[] = [];
  /** The tests the verdict reads (see README "Two destinations"). */
  private readonly deciding: ShareTest[];
  /** α per deciding test, after Bonferroni. */
  private readonly alphaEach: number;
  private readonly failThreshold: number;
  private readonly passThreshold: number;
  private readonly minToPass: number;
  /** Per trace point, the tests' states, turned into intervals only when the evidence is asked for. */
  private readonly traceStates: MixtureSnapshot[][] = [];
  private readonly trace: LogSpacedTrace;
  private n = 0;
  private decided: ProportionVerdict | undefined;
  private why = "";
  private failed: ShareTest | undefined;
  private unexpected: string | undefined;
  private impossibleHit = false;

  constructor(spec: ProportionSpec) {
    this.spec = resolveSpec(spec);
    const { names, shares, alpha, beta, delta, budget } = this.spec;
    names.forEach((name, i) => this.index.set(name, i));
    this.counts = names.map(() => 0);
    this.minToPass = minimumRequestsToPass(beta, delta);
    this.trace = new LogSpacedTrace(budget);
    shares.forEach((w, destination) => {
      // Weight 0 or 100 needs no interval: any contrary response is a hit on a destination
      // that must get nothing, which fails at once.
      if (!(w > 0 && w < 1)) return;
      const band = bandOf(w, delta);
      this.tests.push({ destination, band, cs: BetaMixture.forBand(w, delta), loLogs: logs(band[0]), hiLogs: logs(band[1]) });
    });
    // Two shares that sum to 1 are mirror images (same counts, mirrored prior and band): one
    // of them decides, so α needs no split. The smaller weight (the canary) speaks for both.
    if (this.tests.length === 2) {
      const [a, b] = this.tests as [ShareTest, ShareTest];
      this.deciding = [(shares[b.destination] ?? 0) < (shares[a.destination] ?? 0) ? b : a];
    } else {
      this.deciding = this.tests;
    }
    this.alphaEach = alpha / Math.max(1, this.deciding.length);
    this.failThreshold = -Math.log(this.alphaEach);
    this.passThreshold = -Math.log(beta);
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
      return this.decide("fail", `unexpected destination "${destination}" (not in the weights) answered request ${this.n}: every destination must be in the weights`);
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    for (const t of this.tests) t.cs.update(t.destination === i);
    if (this.trace.due(this.n)) this.recordTrace();

    if ((this.spec.shares[i] ?? 0) === 0) {
      this.impossibleHit = true;
      return this.decide("fail", `"${destination}" has weight 0 but answered request ${this.n}: it must get nothing`);
    }
    const outside = this.deciding.find((t) => this.findingOf(t) === "outside");
    if (outside) {
      this.failed = outside;
      return this.decide("fail", `${this.describe(outside, this.alphaEach)} is outside ${this.bandText(outside)} after ${this.n} requests (${failClaim(this.spec.alpha, this.deciding.length)})`);
    }
    if (this.n >= this.minToPass && this.deciding.every((t) => this.findingOf(t) === "within")) {
      return this.decide("pass", this.passSentence());
    }
    if (this.n >= this.spec.budget) {
      return this.decide("inconclusive", `budget of ${this.spec.budget} requests spent with no claim possible: ${this.undecidedSentence()}`);
    }
    return undefined;
  }

  /** The verdict and its evidence; a test still sampling is closed as inconclusive. */
  finish(): ProportionResult {
    if (!this.decided) {
      this.decide("inconclusive", `stopped after ${this.n} of ${this.spec.budget} budgeted requests, before a claim could be made: ${this.undecidedSentence()}`);
    }
    const verdict = this.decided ?? "inconclusive";
    const { names, shares, alpha, beta, delta, budget } = this.spec;
    const ciLevel = verdict === "fail" ? 1 - this.alphaEach : 1 - beta;
    const destinations: DestinationEvidence[] = names.map((name, i) => this.destinationEvidence(i, name, shares[i] ?? 0, this.counts[i] ?? 0, ciLevel));
    if (this.unexpected !== undefined) {
      destinations.push({ name: this.unexpected, expectedShare: 0, observed: 1, share: 1 / this.n, band: [0, 0], ci: [1 / this.n, 1 / this.n], ciLevel: 1, finding: "outside" });
    }
    const needed = verdict === "inconclusive" ? this.requestsNeeded() : undefined;
    return {
      verdict,
      evidence: {
        method: METHOD,
        alpha,
        beta,
        delta,
        budget,
        requests: this.n,
        destinations,
        pValue: this.pValue(),
        ...(needed !== undefined ? { requestsNeeded: needed } : {}),
        ...(this.unexpected !== undefined ? { unexpected: this.unexpected } : {}),
        reason: this.why,
        trace: this.tracePoints(),
      },
    };
  }

  private decide(verdict: ProportionVerdict, reason: string): ProportionVerdict {
    this.decided = verdict;
    this.why = reason;
    const before = this.trace.points.length;
    this.trace.close(this.n, this.shareTable());
    if (this.trace.points.length > before) this.traceStates.push(this.tests.map((t) => t.cs.snapshot()));
    return verdict;
  }

  /** Where the data put one share: ln M_t is convex with its minimum at the observed share, so only the band's edges need testing. */
  private findingOf(t: ShareTest): ShareFinding {
    const [lo, hi] = t.band;
    const p = t.cs.share;
    if (p > hi) return hi < 1 && t.cs.logRatioAt(...t.hiLogs) >= this.failThreshold ? "outside" : "undecided";
    if (p < lo) return lo > 0 && t.cs.logRatioAt(...t.loLogs) >= this.failThreshold ? "outside" : "undecided";
    const belowCleared = lo <= 0 || t.cs.logRatioAt(...t.loLogs) >= this.passThreshold;
    const aboveCleared = hi >= 1 || t.cs.logRatioAt(...t.hiLogs) >= this.passThreshold;
    return belowCleared && aboveCleared ? "within" : "undecided";
  }

  private nameOf(t: ShareTest): string {
    return this.spec.names[t.destination] ?? "?";
  }

  private bandText(t: ShareTest): string {
    return bandText(this.spec.shares[t.destination] ?? 0, this.spec.delta);
  }

  /** "v2 13.1% [11.4, 14.9]" with the interval at 1 − level. */
  private describe(t: ShareTest, level: number): string {
    return shareText(this.nameOf(t), t.cs.share, t.cs.interval(level));
  }

  private passSentence(): string {
    const nothing = this.spec.names.filter((_, i) => (this.spec.shares[i] ?? 0) === 0);
    const silent = nothing.length > 0 ? `, and ${nothing.join(", ")} (weight 0) never answered` : "";
    if (this.tests.length === 0) {
      const only = this.spec.names.filter((_, i) => (this.spec.shares[i] ?? 0) === 1).join(", ");
      return `all ${this.n} requests were answered by ${only}${silent}: no other destination gets ${percent(this.spec.delta)} or more (${passClaim(this.spec.beta)})`;
    }
    const shares = this.tests.map((t) => `${this.describe(t, this.spec.beta)} is within ${this.bandText(t)}`);
    return `${shares.join(", ")}${silent} after ${this.n} requests (${passClaim(this.spec.beta)})`;
  }

  private undecidedSentence(): string {
    if (this.n === 0) return "no response was observed";
    const open = this.deciding.filter((t) => this.findingOf(t) === "undecided");
    const parts = open.map(
      (t) => `${this.describe(t, this.spec.beta)} is neither within ${this.bandText(t)} (${passClaim(this.spec.beta)}) nor outside it (${failClaim(this.spec.alpha, this.deciding.length)})`,
    );
    if (parts.length === 0) parts.push(`fewer than the ${this.minToPass} requests needed to rule out an unseen destination with a share of ${percent(this.spec.delta)} or more`);
    const needed = this.requestsNeeded();
    const tail = needed !== undefined ? `; at these shares a decision needs about ${needed} requests` : open.length > 0 ? "; at these shares (on the band's edge) no number of requests decides" : "";
    return `${parts.join("; ")}${tail}`;
  }

  /** Requests until a claim, if the observed shares held still (README "What inconclusive means"). */
  private requestsNeeded(): number | undefined {
    if ((this.decided !== undefined && this.decided !== "inconclusive") || this.n === 0) return undefined;
    if (this.tests.length === 0) return Math.max(this.n, this.minToPass);
    const estimates = this.deciding.map((t) => {
      const p = t.cs.share;
      const [lo, hi] = t.band;
      if (p < lo || p > hi) {
        return { fail: true, n: requestsNeeded(p, [p < lo ? lo : hi], this.alphaEach, t.cs.a, t.cs.b, this.n) };
      }
      const edges = [...(lo > 0 ? [lo] : []), ...(hi < 1 ? [hi] : [])];
      return { fail: false, n: requestsNeeded(p, edges, this.spec.beta, t.cs.a, t.cs.b, this.n) };
    });
    // Any one share outside decides a fail; a pass needs every share inside.
    const failing = estimates.filter((e) => e.fail && e.n !== undefined).map((e) => e.n as number);
    if (failing.length > 0) return Math.max(this.minToPass, Math.min(...failing));
    if (estimates.some((e) => e.n === undefined)) return undefined;
    return Math.max(this.minToPass, ...estimates.map((e) => e.n as number));
  }

  /** Anytime-valid p-value for "every share is within its band": min over tests of k / M_t at the band's nearest point (Ville + Bonferroni). */
  private pValue(): number {
    if (this.impossibleHit) return 0;
    let p = 1;
    for (const t of this.deciding) {
      const nearest = Math.min(t.band[1], Math.max(t.band[0], t.cs.share));
      p = Math.min(p, this.deciding.length * Math.exp(-t.cs.logRatio(nearest)));
    }
    return Math.min(1, p);
  }

  private shareTable(): Record<string, number> {
    const shares: Record<string, number> = {};
    this.spec.names.forEach((name, i) => {
      shares[name] = this.n === 0 ? 0 : (this.counts[i] ?? 0) / this.n;
    });
    if (this.unexpected !== undefined) shares[this.unexpected] = 1 / this.n;
    return shares;
  }

  private recordTrace(): void {
    this.trace.record(this.n, this.shareTable());
    this.traceStates.push(this.tests.map((t) => t.cs.snapshot()));
  }

  /** The trace with each point's pass-claim (1 − β) intervals filled in. */
  private tracePoints(): TracePoint[] {
    return this.trace.points.map((point, i) => {
      const states = this.traceStates[i] ?? [];
      const intervals: Record<string, [number, number]> = {};
      this.tests.forEach((t, j) => {
        const s = states[j];
        if (s) intervals[this.nameOf(t)] = intervalOf(s, this.spec.beta);
      });
      return { ...point, intervals };
    });
  }

  private destinationEvidence(i: number, name: string, expectedShare: number, observed: number, ciLevel: number): DestinationEvidence {
    const band = bandOf(expectedShare, this.spec.delta);
    const share = this.n === 0 ? 0 : observed / this.n;
    const t = this.tests.find((x) => x.destination === i);
    if (t) {
      return { name, expectedShare, observed, share, band, ci: t.cs.interval(1 - ciLevel), ciLevel, finding: this.findingOf(t) };
    }
    // Weight 0 or 1: the share is pinned by the hits on destinations that must get nothing.
    const nothing = expectedShare === 0;
    const hit = nothing ? observed > 0 : observed < this.n;
    const finding: ShareFinding = hit ? "outside" : this.n >= this.minToPass ? "within" : "undecided";
    return { name, expectedShare, observed, share, band, ci: [share, share], ciLevel: 1, finding };
  }
}
