// Wilson score interval: unlike the Wald interval it stays inside [0, 1] and behaves at
// 0 or n successes, which is exactly where canary shares live (a 10% or 0% destination).
import { twoSidedCriticalValue } from "../../spec/normal-quantile.js";

export function wilsonInterval(successes: number, trials: number, level: number): [number, number] {
  if (trials === 0) return [0, 1];
  const z = twoSidedCriticalValue(level);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  // Rounding can push an end a hair past p at p = 0 or 1; the interval must contain p.
  return [Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half))];
}
