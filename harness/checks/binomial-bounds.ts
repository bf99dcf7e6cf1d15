// Exact binomial tails and Clopper–Pearson bounds live in scenarios/lib/binomial-bounds.ts
// (runtime-neutral), shared with the k6 scenarios: one implementation.
export { binomialLowerTail, binomialUpperTail, lowerConfidenceBound, upperConfidenceBound } from "../../scenarios/lib/binomial-bounds.js";
