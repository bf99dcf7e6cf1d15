// Default error rates and budget, and the validation that turns a ProportionSpec into
// settled numbers. Defaults and ranges are the knob table's (spec/knobs.ts), the same the CLI
// and the k6 scenarios read. Why these defaults: see README.md "Defaults".
import { inRange, KNOBS, rangeText, STATS_DEFAULTS, type Knob } from "../../spec/knobs.js";
import type { ProportionSpec } from "./types.js";
import { validateWeights } from "./weights.js";

export const DEFAULT_ALPHA = STATS_DEFAULTS.alpha;
export const DEFAULT_BETA = STATS_DEFAULTS.beta;
export const DEFAULT_DELTA = STATS_DEFAULTS.delta;
export const DEFAULT_BUDGET = STATS_DEFAULTS.budget;

export interface ResolvedSpec {
  /** Destination names in weights order. */
  names: string[];
  /** Weights as fractions, same order as names. */
  shares: number[];
  alpha: number;
  beta: number;
  delta: number;
  budget: number;
}

type Setting = "alpha" | "beta" | "delta" | "budget";

/** The setting, or one line naming it and its range (the knob table's, as the CLI says it). */
export function checkSetting(name: Setting, value: number): number {
  const knob: Knob = KNOBS[name];
  if (!inRange(knob, value)) throw new Error(`${name} must be ${rangeText(knob)} (got ${value})`);
  return value;
}

/** Fills in defaults and rejects impossible settings with one clear line. */
export function resolveSpec(spec: ProportionSpec): ResolvedSpec {
  validateWeights(spec.weights);
  const names = Object.keys(spec.weights);
  return {
    names,
    shares: names.map((n) => (spec.weights[n] ?? 0) / 100),
    alpha: checkSetting("alpha", spec.alpha ?? DEFAULT_ALPHA),
    beta: checkSetting("beta", spec.beta ?? DEFAULT_BETA),
    delta: checkSetting("delta", spec.delta ?? DEFAULT_DELTA),
    budget: checkSetting("budget", spec.budget ?? DEFAULT_BUDGET),
  };
}
