// The `-e` knobs every sampling scenario (canary, faults, retries) reads, in one place, so
// their names, defaults and ranges cannot drift apart. k6 glue, not lib: scenarios/lib modules
// stay free of runtime imports so Node can load them too.
import { knobEnv, type Env } from "../lib/env.ts";
import { KNOBS } from "../../spec/knobs.ts";

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

/** `vus`: the VUS row this scenario reads (faults: route requests per batch, default 16). */
export function sampleSettings(env: Env, vus: typeof KNOBS.vus | typeof KNOBS.faultVus = KNOBS.vus): SampleSettings {
  return {
    delta: knobEnv(env, KNOBS.delta),
    alpha: knobEnv(env, KNOBS.alpha),
    beta: knobEnv(env, KNOBS.beta),
    requests: knobEnv(env, KNOBS.requests),
    vus: knobEnv(env, vus),
    timeoutMs: knobEnv(env, KNOBS.requestTimeoutMs),
  };
}
