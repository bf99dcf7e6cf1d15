// The sentences a verdict rests on, in one place so every check says it the same way:
// "v2 13.1% [11.4, 14.9] is within 10 ± 5 (pass claim, β = 0.01)".

/** A share as a percentage with one decimal: 13.1%. */
export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Points without a % sign, up to two decimals, trailing zeros dropped: 10, 33.33. */
export function points(x: number): string {
  return `${+(x * 100).toFixed(2)}`;
}

/** [11.4, 14.9] */
export function interval(ci: [number, number]): string {
  return `[${(ci[0] * 100).toFixed(1)}, ${(ci[1] * 100).toFixed(1)}]`;
}

/** "10 ± 5", or "0 (must get nothing)". */
export function bandText(weight: number, delta: number): string {
  return weight === 0 ? "0 (must get nothing)" : `${points(weight)} ± ${points(delta)}`;
}

/** "v2 13.1% [11.4, 14.9]" */
export function shareText(name: string, share: number, ci: [number, number]): string {
  return `${name} ${percent(share)} ${interval(ci)}`;
}

export function passClaim(beta: number): string {
  return `pass claim, β = ${beta}`;
}

export function failClaim(alpha: number, tested: number): string {
  return tested > 1 ? `fail claim, α = ${alpha} split over ${tested} shares` : `fail claim, α = ${alpha}`;
}
