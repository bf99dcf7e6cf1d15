// Weights come from manifests (VirtualService route weights, in percent). A bad table is a
// configuration error, reported in one line that names the bad entry.

/** Rounding slack for weights written as decimals (33.33 + 33.33 + 33.34). */
const SUM_TOLERANCE = 1e-6;

function describe(weights: Record<string, number>): string {
  return Object.entries(weights)
    .map(([name, w]) => `${name}=${w}`)
    .join(", ");
}

/** Throws a one-line Error unless weights is non-empty, finite, non-negative and sums to 100. */
export function validateWeights(weights: Record<string, number>): void {
  const entries = Object.entries(weights);
  if (entries.length === 0) {
    throw new Error("weights are empty: give at least one destination with its percent share, e.g. { v1: 90, v2: 10 }");
  }
  for (const [name, w] of entries) {
    if (name === "") throw new Error(`weights have a destination with an empty name (${describe(weights)})`);
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw new Error(`weight of "${name}" must be a finite number of percent (got ${String(w)})`);
    }
    if (w < 0) throw new Error(`weight of "${name}" is negative (${w}); weights are percents from 0 to 100`);
  }
  const sum = entries.reduce((acc, [, w]) => acc + w, 0);
  if (Math.abs(sum - 100) > SUM_TOLERANCE) {
    throw new Error(`weights must sum to 100 percent, got ${sum} (${describe(weights)})`);
  }
}
