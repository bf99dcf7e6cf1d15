// Every timing knob of a run in one place (Gateway API conformance's TimeoutConfig idea), so
// a slow cluster is tuned here and nowhere else.

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
  requestTimeoutMs: 5_000,
  convergenceThreshold: 3,
  convergenceTimeoutMs: 30_000,
  pollIntervalMs: 100,
  unreachableAfterMs: 5_000,
};
