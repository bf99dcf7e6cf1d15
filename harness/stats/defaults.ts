// Default error rates and budget, and the validation that turns a ProportionSpec into
// settled numbers. Why these defaults: see README.md "Defaults".
import { STATS_DEFAULTS } from "../../spec/knobs.js";
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

function openUnitInterval(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new Error(`${name} must be a number strictly between 0 and 1 (got ${value})`);
  }
  return value;
}

/** Fills in defaults and rejects impossible settings with one clear line. */
export function resolveSpec(spec: ProportionSpec): ResolvedSpec {
  validateWeights(spec.weights);
  const names = Object.keys(spec.weights);
  const budget = spec.budget ?? DEFAULT_BUDGET;
  if (!Number.isSafeInteger(budget) || budget < 1) {
    throw new Error(`budget must be a whole number of requests ≥ 1 (got ${budget})`);
  }
  return {
    names,
    shares: names.map((n) => (spec.weights[n] ?? 0) / 100),
    alpha: openUnitInterval("alpha", spec.alpha ?? DEFAULT_ALPHA),
    beta: openUnitInterval("beta", spec.beta ?? DEFAULT_BETA),
    delta: openUnitInterval("delta", spec.delta ?? DEFAULT_DELTA),
    budget,
  };
}
