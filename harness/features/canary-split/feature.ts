// The canary-split feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { CanaryEvidence } from "./evidence.js";
import { canarySplit } from "./check.js";
import { canaryHtml, canaryText } from "./render.js";

export const canarySplitFeature: FeatureDefinition<CanaryEvidence> = { kind: "canary", check: canarySplit, text: canaryText, html: canaryHtml };
