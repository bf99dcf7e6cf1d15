// Generated cases for the header-routing check: for every match rule, a positive case and
// the negatives that catch sloppy matching. The one implementation lives in
// scenarios/lib/route-rules.ts (runtime-neutral), shared with the k6 routing scenario.

export { generateHeaderCases, sampleValue, type HeaderCase } from "../../scenarios/lib/route-rules.js";
