// Wait until config has propagated before sampling: N consecutive probes answered as expected
// (Gateway API conformance: 3 in a row, polled, with a deadline). One rule for the harness's
// checks (harness/checks/converge.ts, async) and the k6 scenarios' setup() (awaitConvergence
// below, synchronous): both feed each probe's answer to nextStep and do what it says. Clock and
// sleep come in as functions so this runs (and is tested) outside k6. Settings: the knob table.

import { KNOBS } from "./knobs.ts";
import { isNoAnswer } from "./outcome.ts";

export interface ConvergeSettings {
  /** Expected answers in a row that count as converged. */
  threshold: number;
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause after an unexpected answer. */
  intervalMs: number;
  /** Give up sooner when no probe has had any HTTP answer for this long: the target is unreachable. */
  unreachableAfterMs: number;
}

export const CONVERGE_DEFAULTS: ConvergeSettings = {
  threshold: KNOBS.convergenceThreshold.default,
  timeoutMs: KNOBS.convergenceTimeoutMs.default,
  intervalMs: KNOBS.pollIntervalMs.default,
  unreachableAfterMs: KNOBS.unreachableAfterMs.default,
};

/** What the probes have shown so far. */
export interface ConvergeState {
  inARow: number;
  attempts: number;
  /** What the last unexpected probe saw. */
  last?: string;
  /** Did any probe get an HTTP answer (expected or not)? */
  anyHttpAnswer: boolean;
}

export type Step =
  | { kind: "converged" }
  | { kind: "gave-up"; why: "timeout" | "unreachable" }
  /** Probe again, after a pause of intervalMs when the last answer was unexpected. */
  | { kind: "probe"; pause: boolean };

export function startConvergence(): ConvergeState {
  return { inARow: 0, attempts: 0, anyHttpAnswer: false };
}

/**
 * Records one probe's answer (`true`: as expected; else the observed key, "error:CODE" when no
 * HTTP answer came) at `elapsedMs` since the first probe, and says what to do next.
 */
export function nextStep(state: ConvergeState, answer: true | string, elapsedMs: number, s: ConvergeSettings): Step {
  state.attempts++;
  if (answer === true) {
    state.inARow++;
    state.anyHttpAnswer = true;
    if (state.inARow >= s.threshold) return { kind: "converged" };
  } else {
    state.inARow = 0;
    state.last = answer;
    if (!isNoAnswer(answer)) state.anyHttpAnswer = true;
  }
  if (elapsedMs >= s.timeoutMs) return { kind: "gave-up", why: "timeout" };
  if (!state.anyHttpAnswer && elapsedMs >= s.unreachableAfterMs) return { kind: "gave-up", why: "unreachable" };
  return { kind: "probe", pause: answer !== true };
}

export interface ConvergeOptions extends ConvergeSettings {
  now: () => number;
  /** Seconds, like k6's sleep(). */
  sleep: (seconds: number) => void;
}

export interface Convergence {
  converged: boolean;
  attempts: number;
  /** What the last probe saw, when it was not what was wanted. */
  last?: string;
  /** Why it stopped without converging. */
  gaveUp?: "timeout" | "unreachable";
}

/** `probe` returns the observed key; `ok` says whether it is the expected answer. */
export function awaitConvergence(probe: () => string, ok: (key: string) => boolean, opts: ConvergeOptions): Convergence {
  const t0 = opts.now();
  const state = startConvergence();
  for (;;) {
    const key = probe();
    const step = nextStep(state, ok(key) ? true : key, opts.now() - t0, opts);
    if (step.kind === "converged") return { converged: true, attempts: state.attempts };
    if (step.kind === "gave-up") return { converged: false, attempts: state.attempts, ...(state.last !== undefined ? { last: state.last } : {}), gaveUp: step.why };
    if (step.pause) opts.sleep(opts.intervalMs / 1000);
  }
}
