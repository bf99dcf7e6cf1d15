// Wait until config has propagated before sampling: N consecutive probes answered as expected
// (Gateway API conformance: 3 in a row, polled, 30 s max) — the harness's rule, for k6 setup().
// Clock and sleep come in as functions so this runs (and is tested) outside k6.

export interface ConvergeOptions {
  threshold: number;
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  /** Seconds, like k6's sleep(). */
  sleep: (seconds: number) => void;
}

export interface Convergence {
  converged: boolean;
  attempts: number;
  /** What the last probe saw, when it was not what was wanted. */
  last?: string;
}

export const CONVERGE_DEFAULTS = { threshold: 3, timeoutMs: 30_000, intervalMs: 200 } as const;

/** `probe` returns the observed key; `ok` says whether it is the expected answer. */
export function awaitConvergence(probe: () => string, ok: (key: string) => boolean, opts: ConvergeOptions): Convergence {
  const deadline = opts.now() + opts.timeoutMs;
  let inARow = 0;
  let attempts = 0;
  let last: string | undefined;
  for (;;) {
    const key = probe();
    attempts++;
    if (ok(key)) {
      inARow++;
      if (inARow >= opts.threshold) return { converged: true, attempts };
    } else {
      inARow = 0;
      last = key;
    }
    if (opts.now() >= deadline) return { converged: false, attempts, ...(last !== undefined ? { last } : {}) };
    if (inARow === 0) opts.sleep(opts.intervalMs / 1000);
  }
}

// Did the probe fail only for want of any HTTP answer? Then the target is unreachable: an error,
// not a failure. Defined with the keys themselves.
