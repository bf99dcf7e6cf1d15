// Config propagates eventually: before sampling, a probe must answer as expected N times in
// a row within a timeout (Gateway API conformance's AwaitConvergence). The rule, and when to
// give up, is spec/convergence.ts's nextStep, which the k6 scenarios follow too; this is its
// async loop. Knobs live in Timing.

import { setTimeout as sleep } from "node:timers/promises";
import { nextStep, startConvergence } from "../../spec/convergence.js";
import type { Timing } from "../timing.js";
import type { Convergence } from "./evidence.js";

/** A probe answers true when the mesh answered as expected, else what it saw instead
 * (an observed key: "error:CODE" when there was no HTTP answer). */
export type Probe = () => Promise<true | string>;

export async function awaitConvergence(probe: Probe, timing: Timing, signal: AbortSignal): Promise<Convergence> {
  const t0 = performance.now();
  const settings = { threshold: timing.convergenceThreshold, timeoutMs: timing.convergenceTimeoutMs, intervalMs: timing.pollIntervalMs, unreachableAfterMs: timing.unreachableAfterMs };
  const state = startConvergence();
  const elapsedMs = () => Math.round(performance.now() - t0);
  while (!signal.aborted) {
    const step = nextStep(state, await probe(), performance.now() - t0, settings);
    if (step.kind === "converged") return { converged: true, attempts: state.attempts, elapsedMs: elapsedMs() };
    if (step.kind === "gave-up") break;
    if (step.pause) await sleep(timing.pollIntervalMs, undefined, { signal }).catch(() => {});
  }
  return { converged: false, attempts: state.attempts, elapsedMs: elapsedMs(), last: state.last };
}
