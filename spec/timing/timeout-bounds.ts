// When a route timeout's 504 is on time, judged from the client's clock. One copy for the
// harness's route-timeout check and the k6 timeouts scenario: runtime-neutral, no imports.
//
// The client starts its clock before the proxy does and stops it after, so a 504 seen early was
// cut early (proof under any load), and one seen within the pass bound was cut within it. One
// seen late may have been cut on time and delivered late by a stalled client or host: it counts
// as late only beyond the slowness measured at the same moments, else the verdict is
// inconclusive. That slowness is the time control requests, sent back to back while the slow
// requests are out (so one is in flight during any stall), lost: their total latency less the
// fastest one's for each but the first. A single request can sit through several stalls, so the
// whole loss counts, not the worst one.

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

/** What the back-to-back controls took: how many, their summed latency, the fastest one's. */
export interface ControlTimes {
  requests: number;
  totalMs: number;
  minLatencyMs: number;
}

/** Adds one control's latency to the running times. */
export function addControl(c: ControlTimes, latencyMs: number): void {
  c.minLatencyMs = c.requests === 0 ? latencyMs : Math.min(c.minLatencyMs, latencyMs);
  c.requests++;
  c.totalMs += latencyMs;
}

/** The time the controls lost to slowness: all they took, less the fastest one's for each but the first. */
export function slackMs(c: ControlTimes): number {
  return Math.max(0, Math.round(c.totalMs - Math.max(0, c.requests - 1) * c.minLatencyMs));
}

/** One slow request as the judgement needs it. */
export interface SlowAnswer {
  /** observedKey, for the sentence. */
  key: string;
  latencyMs: number | undefined;
  /** 504 with Envoy's `upstream request timeout` body. */
  cut: boolean;
  /** The app answered (2xx): the timeout was not enforced. */
  answered: boolean;
  /** The client gave up first: a hung route and a stalled client look the same. */
  clientTimeout: boolean;
}

export type CutJudgement = { status: "pass" | "fail" | "inconclusive"; why: string };

/**
 * The verdict on a route timeout's slow requests, in the harness's order: answered anyway,
 * cut early, cut late beyond the slowness measured meanwhile, or any other answer fails; a
 * control that failed meanwhile, a client timeout, or a late cut within the slowness is
 * inconclusive; every cut on time passes.
 */
export function judgeCuts(timeoutMs: number, slow: readonly SlowAnswer[], controls: ControlTimes & { answered: number }): CutJudgement {
  const bounds = passBoundsMs(timeoutMs);
  const slack = slackMs(controls);
  const timings = slow.map((s) => (s.cut && s.latencyMs !== undefined ? cutTiming(s.latencyMs, bounds, slack) : undefined));
  const seen = slow.map((s) => `${s.key} in ${s.latencyMs === undefined ? "?" : Math.round(s.latencyMs)} ms`).join(", ");
  const slowness = `${controls.requests} controls sent back to back meanwhile lost ${slack} ms to slowness`;
  if (slow.some((s) => s.answered)) return { status: "fail", why: `requests slower than the ${timeoutMs} ms timeout were answered anyway (${seen}): the route timeout is not enforced` };
  if (timings.includes("early")) return { status: "fail", why: `cut before the ${timeoutMs} ms timeout: ${seen}, under ${bounds[0]} ms (a client's clock cannot run short)` };
  if (timings.includes("late")) return { status: "fail", why: `cut late: ${seen}, past ${bounds[1]} ms by more than the ${slack} ms of slowness measured meanwhile (${slowness}): the route cuts later than ${timeoutMs} ms` };
  if (slow.some((s, i) => timings[i] === undefined && !s.clientTimeout)) return { status: "fail", why: `expected 504 "upstream request timeout" after ${bounds[0]}–${bounds[1]} ms, got ${seen}` };
  if (controls.answered < controls.requests) return { status: "inconclusive", why: `the control failed while the slow requests were out (${controls.answered} of ${controls.requests} answered): ${seen}` };
  if (timings.every((x) => x === "on time")) return { status: "pass", why: `cut at the ${timeoutMs} ms timeout with 504 (${seen}, within ${bounds[0]}–${bounds[1]} ms)` };
  return { status: "inconclusive", why: `${seen}: no answer, or past ${bounds[1]} ms but within the slowness measured at the same time (${slowness}): cannot tell a late cut from a slow client or host` };
}
