// The circuit-breaking feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { CircuitBreakingEvidence } from "./evidence.js";
import { circuitBreaking } from "./check.js";
import { circuitBreakingHtml, circuitBreakingLines } from "./render.js";

export const circuitBreakingFeature: FeatureDefinition<CircuitBreakingEvidence> = { kind: "circuit-breaking", check: circuitBreaking, text: circuitBreakingLines, html: circuitBreakingHtml };
