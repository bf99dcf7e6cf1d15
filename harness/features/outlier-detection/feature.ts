// The outlier-detection feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { OutlierDetectionEvidence } from "./evidence.js";
import { outlierDetection } from "./check.js";
import { outlierDetectionHtml, outlierDetectionLines } from "./render.js";

export const outlierDetectionFeature: FeatureDefinition<OutlierDetectionEvidence> = { kind: "outlier-detection", check: outlierDetection, text: outlierDetectionLines, html: outlierDetectionHtml };
