// How a check names what one request got: the destination that answered (2xx), the status
// of any other answer (also when its body then failed), or the error of no answer. These keys
// fill ObservedCounts. The keys are defined once, runtime-neutral, with the k6 scenarios.

import type { Outcome } from "../traffic/outcome.js";


export function countInto(counts: Record<string, number>, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** The SPIFFE ID the echo app saw (its `caller.uri`), when the body is echo JSON. */
export function callerSeen(o: Outcome): string | undefined {
  if (o.kind !== "response" || o.body === undefined) return undefined;
  try {
    const json = JSON.parse(o.body) as { caller?: { uri?: unknown } };
    return typeof json.caller?.uri === "string" ? json.caller.uri : undefined;
  } catch {
    return undefined;
  }
}

export function bodyExcerpt(o: Outcome, max = 120): string | undefined {
  if (o.kind !== "response" || o.body === undefined || o.body === "") return undefined;
  return o.body.length > max ? `${o.body.slice(0, max)}…` : o.body;
}
