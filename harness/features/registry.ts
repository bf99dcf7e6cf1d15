// Every feature meshcheck knows, in the order they are listed in help and docs. Adding a
// feature is one folder (./<check>/: check.ts with the check and its feature entry, evidence.ts,
// render.ts) and one line here: the check list, the evidence union and the renderers all come
// from this list.
import type { ErrorEvidence } from "../check-kit/records.js";
import type { CheckDefinition, ProfileSection } from "../check-kit/types.js";
import type { FeatureDefinition } from "./feature.js";
import { headerRoutingFeature } from "./header-routing/check.js";
import { canarySplitFeature } from "./canary-split/check.js";
import { mtlsStrictFeature } from "./mtls-strict/check.js";
import { authzPolicyFeature } from "./authz-policy/check.js";
import { routeTimeoutFeature } from "./route-timeout/check.js";
import { retriesFeature } from "./retries/check.js";
import { faultInjectionFeature } from "./fault-injection/check.js";
import { circuitBreakingFeature } from "./circuit-breaking/check.js";
import { outlierDetectionFeature } from "./outlier-detection/check.js";
import { disruptionFeature } from "./disruption/check.js";

export const ALL_FEATURES = [
  headerRoutingFeature,
  canarySplitFeature,
  mtlsStrictFeature,
  authzPolicyFeature,
  routeTimeoutFeature,
  retriesFeature,
  faultInjectionFeature,
  circuitBreakingFeature,
  outlierDetectionFeature,
  disruptionFeature,
] as const;

type EvidenceOf<F> = F extends FeatureDefinition<infer E> ? E : never;
/** The evidence of some feature's check. */
export type FeatureEvidence = EvidenceOf<(typeof ALL_FEATURES)[number]>;
/** What a check result carries: a feature's evidence, or the runner's error when the check could not run. */
export type CheckEvidence = FeatureEvidence | ErrorEvidence;
/** A check as the runner holds it: any feature's. */
export type RegisteredCheck = CheckDefinition<ProfileSection, CheckEvidence>;

export const ALL_CHECKS: readonly RegisteredCheck[] = ALL_FEATURES.map((f) => f.check);

/** The same list, each entry seen as taking any feature's evidence (the renderers pick by kind). */
export const REGISTERED_FEATURES: readonly FeatureDefinition<FeatureEvidence>[] = ALL_FEATURES;

const BY_KIND: ReadonlyMap<string, FeatureDefinition<FeatureEvidence>> = new Map(REGISTERED_FEATURES.map((f) => [f.kind, f]));

/** The feature whose check records evidence of this kind. */
export function featureOfKind(kind: FeatureEvidence["kind"]): FeatureDefinition<FeatureEvidence> {
  const f = BY_KIND.get(kind);
  if (!f) throw new Error(`no feature records evidence of kind ${kind}`);
  return f;
}

/** Every evidence kind a report may carry. */
export const EVIDENCE_KINDS: ReadonlySet<string> = new Set([...BY_KIND.keys(), "error"]);
