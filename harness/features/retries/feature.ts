// The retries feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { RetriesEvidence } from "./evidence.js";
import { retries } from "./check.js";
import { retriesSection, retriesLines } from "./render.js";

export const retriesFeature: FeatureDefinition<RetriesEvidence> = { kind: "retries", check: retries, text: retriesLines, html: retriesSection };
