// Narrowing plain YAML values without trusting their shape: preflight reads broken files too.

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asString(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string→string map (labels, selectors); other entries dropped. */
export function asLabels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asRecord(v) ?? {})) if (typeof x === "string") out[k] = x;
  return out;
}

/** Every key=value of `sub` is in `labels`. */
export function labelsMatch(sub: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(sub).every(([k, v]) => labels[k] === v);
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
