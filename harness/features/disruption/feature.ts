// The disruption feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { DisruptionEvidence } from "./evidence.js";
import { disruption } from "./check.js";
import { disruptionHtml, disruptionLines } from "./render.js";

export const disruptionFeature: FeatureDefinition<DisruptionEvidence> = { kind: "disruption", check: disruption, text: disruptionLines, html: disruptionHtml };
