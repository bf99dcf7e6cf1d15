import type { CheckStatus } from "../status.js";
// The mutation table: each local-mesh fault and the statuses each check may end in, for the
// clean mesh and under the fault. It is data shared by the mutation self-test
// (test/harness/mutation.test.ts) and the stress benchmark (bench/stress/), so both judge the
// same promise. A set, not one status, where the contract itself allows more than one: a share
// 2 points inside the tolerance band may pass or, before the evidence is enough, be inconclusive,
// but never fail. Switches that turn a feature off must fail outright.

export const MUTATION_CHECKS = [
  "header-routing",
  "canary-split",
  "mtls-strict",
  "authz-policy",
  "route-timeout",
  "retries",
  "fault-injection",
  "circuit-breaking",
  "outlier-detection",
  "disruption",
] as const;
export type MutationCheck = (typeof MUTATION_CHECKS)[number];

/** The statuses a check may end in; anything else is a wrong verdict. */
export type Allowed = readonly CheckStatus[];
export type Expected = Record<MutationCheck, Allowed>;

export interface MutationRow {
  faults: readonly string[];
  expected: Expected;
  /**
   * Per result (`<check>/<target>`), where one target of a check is expected otherwise than the
   * check's others: a fault in one API (VirtualService or HTTPRoute) leaves the other's targets
   * of the same check passing.
   */
  targets?: Readonly<Record<string, Allowed>>;
  /** Why the allowed set is what it is, where that is not obvious. */
  why?: string;
}

const PASS: Allowed = ["pass"];
const FAIL: Allowed = ["fail"];
const ERROR: Allowed = ["error"];
/** A defect that changes a number by more than the tolerance: never pass; inconclusive until the evidence is enough. */
const NEVER_PASS: Allowed = ["fail", "inconclusive"];
/** Within the tolerance: never fail; inconclusive until the evidence is enough. */
const NEVER_FAIL: Allowed = ["pass", "inconclusive"];

/**
 * Checks whose pass rests on timing the client measures: on a loaded machine they may decline
 * to decide (fault-injection cannot tell a delayed answer from a slow one; disruption's window
 * may hold too few requests), and the contract allows that — never a fail.
 */
export const TIMING_JUDGED: readonly MutationCheck[] = ["fault-injection", "disruption"];

export const CLEAN: Expected = Object.fromEntries(MUTATION_CHECKS.map((c) => [c, TIMING_JUDGED.includes(c) ? NEVER_FAIL : PASS])) as Expected;

const only = (changes: Partial<Expected>): Expected => ({ ...CLEAN, ...changes });

// The route targets by API (profile entry names from kind/manifests and kind/manifests/gateway-api).
const VS_CANARY = "canary-split/workshop-canary";
const VS_ROUTING = "header-routing/workshop-routing";
/** The HTTPRoute canaries: at the Gateway API gateway, and the mesh (GAMMA) route in the sidecars. */
const HTTPROUTE_CANARIES = ["canary-split/workshop-canary-gwapi", "canary-split/workshop-mesh-split"];
const HTTPROUTE_ROUTING = "header-routing/workshop-routing-gwapi";
/** A VirtualService weight fault leaves the HTTPRoute canaries conforming. */
const HTTPROUTE_CANARIES_PASS = Object.fromEntries(HTTPROUTE_CANARIES.map((t) => [t, PASS]));

export const MUTATION_TABLE: readonly MutationRow[] = [
  { faults: [], expected: CLEAN },
  // Switches and outages: the feature is gone, the check must say so.
  { faults: ["canary-weights=80/20"], expected: only({ "canary-split": FAIL }), targets: HTTPROUTE_CANARIES_PASS },
  { faults: ["header-routing-off"], expected: only({ "header-routing": FAIL }), targets: { [HTTPROUTE_ROUTING]: PASS } },
  // The same defects in the Gateway API's routes: the VirtualService targets stay conforming.
  { faults: ["httproute-weights=60/40"], expected: only({ "canary-split": FAIL }), targets: { [VS_CANARY]: PASS } },
  { faults: ["httproute-header-match-off"], expected: only({ "header-routing": FAIL }), targets: { [VS_ROUTING]: PASS } },
  { faults: ["mtls-permissive"], expected: only({ "mtls-strict": FAIL }) },
  { faults: ["authz-off"], expected: only({ "authz-policy": FAIL }) },
  { faults: ["down=workshop-app-v2"], expected: only({ "canary-split": FAIL }) },
  { faults: ["down=workshop-app-dev"], expected: only({ "header-routing": FAIL }) },
  {
    faults: ["down=workshop-app-v1"],
    expected: only({ "canary-split": FAIL, "mtls-strict": ERROR, "authz-policy": ERROR, "route-timeout": ERROR, retries: ERROR, "fault-injection": ERROR, "circuit-breaking": ERROR }),
    targets: { "route-timeout/workshop-routing-gwapi": PASS },
    why: "v1 is the controls' destination and the resilience routes' upstream: a deny cannot be told from an outage, and the routes cannot be tested (the Gateway API routing route's timeout goes to prod, and still passes)",
  },
  { faults: ["timeouts-off"], expected: only({ "route-timeout": FAIL }) },
  { faults: ["retries-off"], expected: only({ retries: FAIL }) },
  { faults: ["fault-injection-off"], expected: only({ "fault-injection": FAIL }) },
  { faults: ["circuit-breaker-off"], expected: only({ "circuit-breaking": FAIL }) },
  { faults: ["outlier-detection-off"], expected: only({ "outlier-detection": FAIL }) },
  { faults: ["no-graceful-restart"], expected: only({ disruption: FAIL }) },
  // Changed numbers: the feature works, but not as the manifests say.
  {
    faults: ["canary-weights=87/13"],
    expected: only({ "canary-split": NEVER_FAIL }),
    targets: HTTPROUTE_CANARIES_PASS,
    why: "v1 87% for a 90/10 route is 3 points off, inside the ±5 band: conforming",
  },
  {
    faults: ["canary-weights=84/16"],
    expected: only({ "canary-split": NEVER_PASS }),
    targets: HTTPROUTE_CANARIES_PASS,
    why: "6 points off, outside the ±5 band: not conforming",
  },
  {
    faults: ["httproute-weights=84/16"],
    expected: only({ "canary-split": NEVER_PASS }),
    targets: { [VS_CANARY]: PASS },
    why: "the Gateway API canary 84% for 90 and the mesh route 84% for 75: 6 and 9 points off, outside the ±5 band",
  },
  {
    faults: ["retry-attempts=1"],
    expected: only({ retries: NEVER_PASS }),
    why: "with half the tries failing, 1 retry gives 75% success where 2 promise 87.5%",
  },
  {
    faults: ["timeout=900ms"],
    expected: only({ "route-timeout": NEVER_PASS }),
    why: "cut at 900 ms where the route says 500 ms",
  },
  {
    faults: ["fault-abort=30"],
    expected: only({ "fault-injection": NEVER_PASS }),
    why: "30% aborted where the route says 20%: 10 points off",
  },
  {
    faults: ["circuit-breaker-scale=2"],
    expected: only({ "circuit-breaking": NEVER_PASS }),
    why: "twice the connections and pending requests the DestinationRule allows get through",
  },
];

/** `a|b` for one allowed set, as rows are named and reported. */
export const showAllowed = (a: Allowed): string => a.join("|");

/** The checks a row expects something other than a plain pass from, e.g. `canary-split fail|inconclusive`, then its per-target exceptions. */
export function rowTitle(row: MutationRow): string {
  const faults = row.faults.length ? row.faults.join(" ") : "clean mesh";
  // What differs from the clean mesh (whose timing-judged checks may also be inconclusive).
  const changes = MUTATION_CHECKS.filter((c) => showAllowed(row.expected[c]) !== showAllowed(CLEAN[c])).map((c) => `${c} ${showAllowed(row.expected[c])}`);
  const targets = Object.entries(row.targets ?? {}).map(([t, a]) => `${t} ${showAllowed(a)}`);
  const but = targets.length > 0 ? ` (but ${targets.join(", ")})` : "";
  return `${faults} → ${changes.join(", ") || `all pass (${TIMING_JUDGED.join(", ")}: or inconclusive)`}${but}`;
}
