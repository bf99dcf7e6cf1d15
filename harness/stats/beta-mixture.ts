// An anytime-valid confidence sequence for one Bernoulli share (Robbins' mixture method).
// With a Beta(a, b) prior on the share, the mixture likelihood ratio
//   M_t(p) = ∫ q^S (1−q)^F dBeta(a, b)(q) / (p^S (1−p)^F) = B(a+S, b+F) / B(a, b) / (p^S (1−p)^F)
// is a nonnegative martingale with mean 1 when the true share is p, so by Ville's inequality
// P(∃t: M_t(p) ≥ 1/α) ≤ α, and {p : M_t(p) < 1/α} covers the truth at every t at once with
// probability ≥ 1 − α. ln B(a+S, b+F) − ln B(a, b) is kept exactly, one log per observation.

/** The state a confidence sequence needs to give its interval later (for traces). */
export interface MixtureSnapshot {
  hits: number;
  misses: number;
  logMarginal: number;
}

export class BetaMixture {
  private hits = 0;
  private misses = 0;
  /** ln B(a+S, b+F) − ln B(a, b), updated by the Beta function's recurrence. */
  private logMarginal = 0;

  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) {
      throw new Error(`Beta prior needs a > 0 and b > 0 (got a=${a}, b=${b})`);
    }
  }

  /**
   * The prior the checks use: centred on the expected share, with standard deviation δ (so it
   * spreads over the band the test must resolve), and at least 2 pseudo-observations. Symmetric:
   * the prior for 1 − share is the mirror image, which the two-destination case relies on.
   */
  static forBand(share: number, delta: number): BetaMixture {
    const centre = Math.min(1 - 1e-9, Math.max(1e-9, share));
    const strength = Math.max(2, (centre * (1 - centre)) / (delta * delta) - 1);
    return new BetaMixture(centre * strength, (1 - centre) * strength);
  }

  get trials(): number {
    return this.hits + this.misses;
  }

  get successes(): number {
    return this.hits;
  }

  /** Maximum-likelihood share (0 before any trial). */
  get share(): number {
    const n = this.trials;
    return n === 0 ? 0 : this.hits / n;
  }

  update(hit: boolean): void {
    const n = this.hits + this.misses;
    // B(x+1, y) = B(x, y) · x / (x + y), and likewise for y.
    this.logMarginal += Math.log(hit ? this.a + this.hits : this.b + this.misses) - Math.log(this.a + this.b + n);
    if (hit) this.hits += 1;
    else this.misses += 1;
  }

  snapshot(): MixtureSnapshot {
    return { hits: this.hits, misses: this.misses, logMarginal: this.logMarginal };
  }

  /** ln M_t(p); +∞ where the data rule p out entirely (a hit at p = 0, a miss at p = 1). */
  logRatio(p: number): number {
    return logRatioOf(this.snapshot(), p);
  }

  /**
   * ln M_t(p) with ln p and ln(1 − p) given, for the fixed band edges the checks test after
   * every response (saves two logarithms per edge per response).
   */
  logRatioAt(logP: number, log1mP: number): number {
    const ll = (this.hits === 0 ? 0 : this.hits * logP) + (this.misses === 0 ? 0 : this.misses * log1mP);
    return this.logMarginal - ll;
  }

  /** The confidence interval at this time: {p : M_t(p) < 1/level}. */
  interval(level: number): [number, number] {
    return intervalOf(this.snapshot(), level);
  }
}

function logRatioOf(s: MixtureSnapshot, p: number): number {
  const ll = (s.hits === 0 ? 0 : s.hits * Math.log(p)) + (s.misses === 0 ? 0 : s.misses * Math.log1p(-p));
  return s.logMarginal - ll;
}

/** {p : M(p) < 1/level} for a recorded state, found by bisection on each side of the observed share. */
export function intervalOf(s: MixtureSnapshot, level: number): [number, number] {
  const n = s.hits + s.misses;
  if (n === 0) return [0, 1];
  const threshold = -Math.log(level);
  const centre = s.hits / n;
  const edge = (outside: number): number => {
    if (logRatioOf(s, outside) < threshold) return outside;
    let inside = centre;
    let out = outside;
    // 50 halvings: 1e-15, below anything printed or compared.
    for (let i = 0; i < 50; i++) {
      const mid = (inside + out) / 2;
      if (logRatioOf(s, mid) < threshold) inside = mid;
      else out = mid;
    }
    return inside;
  };
  return [edge(0), edge(1)];
}
