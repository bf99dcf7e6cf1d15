// How a check names what one request got: the destination that answered (2xx), the status
// of any other answer, or the error of no answer. These keys fill ObservedCounts.

import type { Outcome } from "../traffic/outcome.js";

export function observedKey(o: Outcome): string {
  if (o.kind === "error") return `error:${o.code}`;
  if (o.status >= 200 && o.status < 300 && o.destination !== undefined) return `dest:${o.destination}`;
  return `status:${o.status}`;
}

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

/** Did the convergence probe fail only for want of any HTTP answer? Then the target is unreachable. */
export function isNoAnswer(key: string | undefined): boolean {
  return key !== undefined && key.startsWith("error:");
}
