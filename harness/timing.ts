// Every timing knob of a run in one place (Gateway API conformance's TimeoutConfig idea), so
// a slow cluster is tuned here and nowhere else. Defaults and ranges: the knob table
// (spec/knobs.ts), which the k6 scenarios' convergence reads too.
import { KNOBS } from "../spec/knobs.js";

export interface Timing {
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** Convergence: this many expected answers in a row before sampling … */
  convergenceThreshold: number;
  /** … within this long, polling every pollIntervalMs. */
  convergenceTimeoutMs: number;
  pollIntervalMs: number;
  /** Give up converging sooner when nothing has answered HTTP at all for this long: the target is unreachable. */
  unreachableAfterMs: number;
}

export const DEFAULT_TIMING: Timing = {
  requestTimeoutMs: KNOBS.requestTimeoutMs.default,
  convergenceThreshold: KNOBS.convergenceThreshold.default,
  convergenceTimeoutMs: KNOBS.convergenceTimeoutMs.default,
  pollIntervalMs: KNOBS.pollIntervalMs.default,
  unreachableAfterMs: KNOBS.unreachableAfterMs.default,
};
