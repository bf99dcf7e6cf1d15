// Number formatting shared by every rendering, so the same value reads the same everywhere
// and output is deterministic for a given report.

/** A share (0..1) as a percentage with one decimal: 0.8161 → "81.6%". */
export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A tolerance or weight as a percentage without trailing zeros: 0.05 → "5%", 0.125 → "12.5%". */
export function points(share: number): string {
  return `${+(share * 100).toFixed(2)}%`;
}

/** Milliseconds: "0.84 ms", "12.3 ms", "598 ms", "1.5 s". */
export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** A probability such as α or a p-value: short, exact for the usual settings. */
export function prob(p: number): string {
  if (p === 0) return "0";
  if (p >= 0.001) return `${+p.toPrecision(3)}`;
  return p.toExponential(2);
}

/** A confidence interval of shares: "[73.2%, 87.8%]". */
export function ci(interval: readonly [number, number]): string {
  return `[${pct(interval[0])}, ${pct(interval[1])}]`;
}
