// When a route timeout's 504 is on time, judged from the client's clock. The client starts its
// clock before the proxy does and stops it after, so a 504 seen early was cut early (proof under
// any load), and one seen within the pass bound was cut within it. One seen late may have been
// cut on time and delivered late by a stalled client or host: it counts as late only beyond the
// slowness measured at the same moments, else the verdict is inconclusive. That slowness is the
// time control requests, sent back to back while the slow requests are out (so one is in flight
// during any stall), lost: their total latency less the fastest one's for each but the first.
// A single request can sit through several stalls, so the whole loss counts, not the worst one.

/** How far past the timeout a cut may come and still pass: a quarter of it, at least 100 ms. */
export function lateToleranceMs(timeoutMs: number): number {
  return Math.max(100, Math.ceil(timeoutMs / 4));
}

/** Pass bounds of a 504's latency: a tenth early (timer and clock rounding), up to the late tolerance. */
export function passBoundsMs(timeoutMs: number): [number, number] {
  return [Math.floor(timeoutMs * 0.9), timeoutMs + lateToleranceMs(timeoutMs)];
}

export type CutTiming = "on time" | "early" | "late" | "undecided";

/**
 * One 504's timing: early below the lower bound; on time within the bounds; late when even
 * after taking off `slackMs` (the slowness the concurrent controls lost) it is beyond the
 * upper bound; undecided in between.
 */
export function cutTiming(latencyMs: number, bounds: readonly [number, number], slackMs: number): CutTiming {
  if (latencyMs < bounds[0]) return "early";
  if (latencyMs <= bounds[1]) return "on time";
  return latencyMs - slackMs > bounds[1] ? "late" : "undecided";
}
