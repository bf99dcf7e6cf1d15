// Config propagates eventually: before sampling, a probe must answer as expected N times in
// a row within a timeout (Gateway API conformance's AwaitConvergence). Knobs live in Timing.

import { setTimeout as sleep } from "node:timers/promises";
import type { Timing } from "../timing.js";
import type { Convergence } from "./records.js";
import type { CheckContext } from "./types.js";
import type { Expect } from "./expect.js";
import type { Outcome } from "../traffic/outcome.js";
import type { TrafficRequest } from "../traffic/request.js";
import type { Sender } from "../traffic/sender.js";
import { isNoAnswer, observedKey } from "../../spec/outcome.js";

/** A probe answers true when the mesh answered as expected, else what it saw instead
 * (an observed key: "error:CODE" when there was no HTTP answer). */
export type Probe = () => Promise<true | string>;

export async function awaitConvergence(probe: Probe, timing: Timing, signal: AbortSignal): Promise<Convergence> {
  const t0 = performance.now();
  let inARow = 0;
  let attempts = 0;
  let last: string | undefined;
  let anyHttpAnswer = false;
  while (!signal.aborted) {
    attempts++;
    const answer = await probe();
    if (answer === true) {
      inARow++;
      if (inARow >= timing.convergenceThreshold) return { converged: true, attempts, elapsedMs: Math.round(performance.now() - t0) };
    } else {
      inARow = 0;
      last = answer;
    }
    if (answer === true || !answer.startsWith("error:")) anyHttpAnswer = true;
    const elapsed = performance.now() - t0;
    if (elapsed >= timing.convergenceTimeoutMs) break;
    if (!anyHttpAnswer && elapsed >= timing.unreachableAfterMs) break;
    if (answer !== true) await sleep(timing.pollIntervalMs, undefined, { signal }).catch(() => {});
  }
  return { converged: false, attempts, elapsedMs: Math.round(performance.now() - t0), last };
}

/** Converges on one request: each probe sends it once and meets `expect` or names what it got instead. */
export async function convergeOn(ctx: CheckContext, sender: Sender, request: TrafficRequest, expect: Expect, seen?: (o: Outcome | undefined) => void): Promise<{ convergence: Convergence; requests: number }> {
  let requests = 0;
  const convergence = await awaitConvergence(
    async () => {
      const [o] = await sender.sendBatch(request, 1);
      requests++;
      seen?.(o);
      if (!o) return "error:OTHER";
      return expect.test(o) ? true : observedKey(o);
    },
    ctx.timing,
    ctx.signal,
  );
  return { convergence, requests };
}

/** The verdict of a convergence that never came: error when the last probe got no HTTP answer (unreachable), else fail. */
export function notConverged(convergence: Convergence, timing: Timing, what: string): { status: "error" | "fail"; summary: string } {
  return {
    status: isNoAnswer(convergence.last) ? "error" : "fail",
    summary: `${what} ${timing.convergenceThreshold} times in a row within ${timing.convergenceTimeoutMs} ms (last: ${convergence.last})`,
  };
}
