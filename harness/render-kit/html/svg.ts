// Small helpers for hand-written SVG: fixed-precision coordinates (deterministic output) and
// linear/log scales.

/** A coordinate with one decimal, no "-0". */
export function n(value: number): string {
  const s = value.toFixed(1);
  return s === "-0.0" ? "0.0" : s;
}

export type Scale = (value: number) => number;

export function linear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Log scale for request counts (≥ 1); a one-point domain maps to the start of the range. */
export function log10Scale(max: number, range: [number, number]): Scale {
  const top = Math.log10(Math.max(1, max));
  const [r0, r1] = range;
  return (v) => (top === 0 ? r0 : r0 + (Math.log10(Math.max(1, v)) / top) * (r1 - r0));
}

/** Powers of ten up to max, plus max itself when it is not too close to the last power. */
export function logTicks(max: number): number[] {
  const ticks: number[] = [];
  for (let t = 1; t <= max; t *= 10) ticks.push(t);
  const last = ticks[ticks.length - 1] ?? 1;
  if (max / last >= 2) ticks.push(max);
  return ticks;
}

/** Spreads label y positions so none are closer than `gap`, keeping their order. */
export function spreadLabels(ys: number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (prev && cur && cur.y - prev.y < gap) cur.y = prev.y + gap;
  }
  const last = order[order.length - 1];
  const overflow = last ? last.y - max : 0;
  if (overflow > 0) for (const o of order) o.y -= overflow;
  for (const o of order) o.y = Math.max(min, o.y);
  const out = new Array<number>(ys.length).fill(0);
  for (const o of order) out[o.i] = o.y;
  return out;
}
