// VirtualService match semantics, as the header-routing check expects the mesh to apply them.
// The one implementation lives in scenarios/lib/route-rules.ts (runtime-neutral), so the k6
// routing scenario and this check expect exactly the same answers.

export { expectedFor, matchesString, ruleMatches, type Expectation } from "../../scenarios/lib/route-rules.js";
