// Every numeric knob a user can turn, in one table: its default, its allowed range and what it
// means. The CLI (harness/cli/knob-flag.ts), the statistics (harness/stats/defaults.ts), the
// harness's timing (harness/timing.ts), the convergence rule (./convergence.ts) and the k6
// scenarios' -e readers (scenarios/lib/env.ts) all read it, and their error messages come from
// rangeText below, so a range cannot differ between them again. Runtime-neutral: imports nothing.
// Why the statistics defaults are what they are: harness/stats/README.md "Defaults".

export interface Knob {
  /** Its default; absent when the reader computes one (the row's meaning says how). */
  default?: number;
  min: number;
  max: number;
  /** The bound itself is not allowed (α = 0 promises nothing; α = 0.5 is a coin toss). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer: boolean;
  unit: string;
  /** One line: what it means. */
  meaning: string;
  /** Said after the range in an error: what a special value means, or an example. */
  hint?: string;
  /** The `meshcheck` flag that sets it (the command is part of the flag's text). */
  flag?: string;
  /** The k6 `-e` variable that sets it, and the scenarios that read it. */
  env?: { name: string; scenarios: string };
}

// α, β and δ share one range wherever they are read: above 0 and below 0.5 (an error rate of
// one half is a coin toss; a tolerance of half the range makes a band that cannot fail).
const halfOpen = { min: 0, max: 0.5, minExclusive: true, maxExclusive: true, integer: false } as const;

export const KNOBS = {
  // The tolerance contract (harness/stats/README.md).
  alpha: { default: 0.001, ...halfOpen, unit: "probability", meaning: "max probability that a fail is wrong", flag: "run --alpha", env: { name: "ALPHA", scenarios: "canary, faults, retries, disruption" } },
  beta: { default: 0.01, ...halfOpen, unit: "probability", meaning: "max probability that a pass is wrong", flag: "run --beta", env: { name: "BETA", scenarios: "canary, faults, retries" } },
  delta: { default: 0.05, ...halfOpen, unit: "share", meaning: "the tolerance: a share within weight ± δ (absolute) conforms", flag: "run --tolerance", env: { name: "DELTA", scenarios: "canary, faults, retries" } },
  disruptionDelta: { default: 0.03, ...halfOpen, unit: "share", meaning: "the tolerance on the disrupted destination's error rate", env: { name: "DELTA", scenarios: "disruption" } },
  concurrency: { default: 4, min: 1, max: 64, integer: true, unit: "checks", meaning: "most checks running at once; timing and exclusive checks always run alone (1: every check alone, one after another)", flag: "run --concurrency" },
  budget: { default: 5000, min: 1, max: 10_000_000, integer: true, unit: "requests", meaning: "most requests a sequential proportion check spends before it answers inconclusive", flag: "run --budget" },

  // Timing of every request and of convergence (Gateway API conformance's TimeoutConfig idea).
  requestTimeoutMs: { default: 5_000, min: 1, max: 60_000, integer: true, unit: "ms", meaning: "per-request timeout", env: { name: "TIMEOUT_MS", scenarios: "all" } },
  convergenceThreshold: { default: 3, min: 1, max: 100, integer: true, unit: "answers", meaning: "expected answers in a row before sampling starts" },
  convergenceTimeoutMs: { default: 30_000, min: 1, max: 600_000, integer: true, unit: "ms", meaning: "longest wait for convergence" },
  pollIntervalMs: { default: 100, min: 1, max: 10_000, integer: true, unit: "ms", meaning: "pause after an unexpected convergence probe" },
  unreachableAfterMs: { default: 5_000, min: 1, max: 600_000, integer: true, unit: "ms", meaning: "stop converging when no probe got any HTTP answer for this long: the target is unreachable" },

  // The k6 sampling scenarios.
  requests: { default: 0, min: 0, max: 1_000_000, integer: true, unit: "requests", meaning: "a floor on the planned sample; never lowers the plan (0: the plan)", env: { name: "REQUESTS", scenarios: "canary, faults, retries" } },
  vus: { default: 8, min: 1, max: 256, integer: true, unit: "VUs", meaning: "concurrency of the sample", env: { name: "VUS", scenarios: "canary, retries" } },
  faultVus: { default: 16, min: 1, max: 256, integer: true, unit: "requests", meaning: "route requests per http.batch, with as many baseline requests", env: { name: "VUS", scenarios: "faults" } },
  requestsPerCase: { default: 10, min: 1, max: 10_000, integer: true, unit: "requests", meaning: "requests per header case", env: { name: "REQUESTS_PER_CASE", scenarios: "routing" } },
  slowRequests: { default: 3, min: 1, max: 100, integer: true, unit: "requests", meaning: "slow requests per target (k6 waits past the upper bound for each)", env: { name: "SLOW_REQUESTS", scenarios: "timeouts" } },
  plaintextAttempts: { default: 3, min: 1, max: 100, integer: true, unit: "requests", meaning: "plaintext requests per target", env: { name: "PLAINTEXT_ATTEMPTS", scenarios: "mtls" } },

  // The k6 load scenario.
  loadRate: { default: 50, min: 1, max: 100_000, integer: true, unit: "requests/s", meaning: "arrival rate, shared by all instances", env: { name: "RATE", scenarios: "load" } },
  loadDurationS: { default: 60, min: 1, max: 86_400, integer: false, unit: "s", meaning: "how long to send (a k6 duration: 90s, 5m, 1h30m)", env: { name: "DURATION", scenarios: "load" } },
  loadErrorBudget: { default: 0.01, min: 0, max: 1, integer: false, unit: "share", meaning: "allowed share of wrong answers", env: { name: "ERROR_BUDGET", scenarios: "load" } },
  loadP99Ms: { default: 1_000, min: 1, max: 600_000, integer: false, unit: "ms", meaning: "latency bound on the 99th percentile", env: { name: "P99_MS", scenarios: "load" } },
  instances: { default: 1, min: 1, max: 1_000, integer: true, unit: "runners", meaning: "k6 runners sharing the rate (set by the operator target)", env: { name: "INSTANCES", scenarios: "load" } },
  maxVus: { default: 200, min: 1, max: 10_000, integer: true, unit: "VUs", meaning: "most VUs k6 may start to hold the rate", env: { name: "MAX_VUS", scenarios: "load" } },

  // The k6 disruption scenario.
  disruptionRate: { default: 50, min: 1, max: 10_000, integer: true, unit: "requests/s", meaning: "arrival rate of the canary traffic", env: { name: "RATE", scenarios: "disruption" } },
  disruptionDurationS: { default: 40, min: 1, max: 86_400, integer: false, unit: "s", meaning: "how long the fault is injected (a k6 duration)", env: { name: "DURATION", scenarios: "disruption" } },
  warmupS: { default: 20, min: 0, max: 3_600, integer: false, unit: "s", meaning: "time the disruptor's agent needs before traffic counts (a k6 duration)", env: { name: "WARMUP", scenarios: "disruption" } },
  errorRate: { default: 1, min: 0, max: 1, integer: false, unit: "share", meaning: "share of the disrupted destination's requests that fail", env: { name: "ERROR_RATE", scenarios: "disruption" } },
  errorCode: { default: 500, min: 400, max: 599, integer: true, unit: "HTTP status", meaning: "the injected status (500, not 503: Istio retries 503 by default)", env: { name: "ERROR_CODE", scenarios: "disruption" } },
  targetPort: { default: 8080, min: 1, max: 65_535, integer: true, unit: "port", meaning: "the disrupted container's port", env: { name: "TARGET_PORT", scenarios: "disruption" } },
  expectErrorRate: { min: 0, max: 1, integer: false, unit: "share", meaning: "the error rate to expect (default: weight × ERROR_RATE; lower it when retries hide part of the fault)", env: { name: "EXPECT_ERROR_RATE", scenarios: "disruption" } },
  unexpectedBudget: { default: 0.01, min: 0, max: 1, integer: false, unit: "share", meaning: "allowed share of failures other than the injected ones", env: { name: "UNEXPECTED_BUDGET", scenarios: "disruption" } },

  // `meshcheck load`, `history`, `diff` and the metrics listener.
  cliLoadRate: { default: 20, min: 0, max: 10_000, minExclusive: true, integer: false, unit: "requests/s", meaning: "the rate `meshcheck load` sends at", flag: "load --rate" },
  cliLoadDurationS: { min: 0, max: 86_400, minExclusive: true, integer: false, unit: "s", meaning: "how long `meshcheck load` runs (default: until stopped)", flag: "load --duration" },
  cliLoadBudget: { default: 0.01, min: 0, max: 1, minExclusive: true, integer: false, unit: "share", meaning: "the error budget of `meshcheck load`", flag: "load --budget" },
  historyLast: { default: 30, min: 1, max: 1_000_000, integer: true, unit: "runs", meaning: "how many of the latest runs the trend page shows", flag: "history --last" },
  diffAlpha: { ...halfOpen, unit: "probability", meaning: "max probability that a reported move is sampling noise (default: the runs' α)", hint: "e.g. 0.001", flag: "diff --alpha" },
  metricsPort: { min: 0, max: 65_535, integer: true, unit: "port", meaning: "serve /metrics on this loopback port during the run", hint: "0: any free port", flag: "run --metrics-port" },
} as const satisfies Record<string, Knob>;

export type KnobName = keyof typeof KNOBS;

/** The statistics defaults, read by harness/settings.ts and the k6 sampling scenarios. */
export const STATS_DEFAULTS = {
  alpha: KNOBS.alpha.default,
  beta: KNOBS.beta.default,
  delta: KNOBS.delta.default,
  budget: KNOBS.budget.default,
} as const;

/** "a whole number from 1 to 100", "a number above 0 and below 0.5": what the readers' errors say. */
export function rangeText(k: Knob): string {
  return `${k.integer ? "a whole number" : "a number"} ${boundsText(k)}`;
}

/** "from 1 to 100", "above 0 and below 0.5", "above 0 and at most 10000". */
export function boundsText(k: Knob): string {
  const low = k.minExclusive ? `above ${k.min}` : `from ${k.min}`;
  const high = k.maxExclusive ? `below ${k.max}` : k.minExclusive ? `at most ${k.max}` : `to ${k.max}`;
  return `${low}${k.minExclusive || k.maxExclusive ? " and " : " "}${high}`;
}

/** Is `n` an allowed value of the knob? */
export function inRange(k: Knob, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (k.integer && !Number.isInteger(n)) return false;
  if (k.minExclusive ? n <= k.min : n < k.min) return false;
  return k.maxExclusive ? n < k.max : n <= k.max;
}
