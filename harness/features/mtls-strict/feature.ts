// The mtls-strict feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { MtlsEvidence } from "./evidence.js";
import { mtlsStrict } from "./check.js";
import { mtlsHtml, mtlsText } from "./render.js";

export const mtlsStrictFeature: FeatureDefinition<MtlsEvidence> = { kind: "mtls", check: mtlsStrict, text: mtlsText, html: mtlsHtml };
