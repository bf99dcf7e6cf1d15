// The `-e` knobs every sampling scenario (canary, faults, retries) reads, in one place, so
// their names, defaults and ranges cannot drift apart. k6 glue, not lib: scenarios/lib modules
// stay free of runtime imports so Node can load them too.
import { numberEnv, type Env } from "../lib/env.ts";
import { STATS_DEFAULTS } from "../../spec/knobs.ts";

export interface SampleSettings {
  /** Tolerance, absolute (-e DELTA): a share within weight ± DELTA conforms. */
  delta: number;
  /** Max probability that a fail is wrong (-e ALPHA). */
  alpha: number;
  /** Max probability that a pass is wrong (-e BETA). */
  beta: number;
  /** A floor on the sample size; never lowers what α and δ need (-e REQUESTS). */
  requests: number;
  /** Virtual users (-e VUS). */
  vus: number;
  /** Per-request timeout (-e TIMEOUT_MS). */
  timeoutMs: number;
}

export function sampleSettings(env: Env, defaults: { vus: number }): SampleSettings {
  return {
    delta: numberEnv(env, "DELTA", STATS_DEFAULTS.delta, { min: 0.001, max: 0.49 }),
    alpha: numberEnv(env, "ALPHA", STATS_DEFAULTS.alpha, { min: 1e-9, max: 0.2 }),
    beta: numberEnv(env, "BETA", STATS_DEFAULTS.beta, { min: 1e-9, max: 0.2 }),
    requests: numberEnv(env, "REQUESTS", 0, { min: 0, max: 1_000_000, integer: true }),
    vus: numberEnv(env, "VUS", defaults.vus, { min: 1, max: 256, integer: true }),
    timeoutMs: numberEnv(env, "TIMEOUT_MS", 5_000, { min: 1, max: 60_000, integer: true }),
  };
}
