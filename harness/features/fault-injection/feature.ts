// The fault-injection feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { FaultInjectionEvidence } from "./evidence.js";
import { faultInjection } from "./check.js";
import { faultInjectionSection, faultInjectionLines } from "./render.js";

export const faultInjectionFeature: FeatureDefinition<FaultInjectionEvidence> = { kind: "fault-injection", check: faultInjection, text: faultInjectionLines, html: faultInjectionSection };
