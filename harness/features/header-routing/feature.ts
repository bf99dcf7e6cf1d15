// The header-routing feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { RoutingEvidence } from "./evidence.js";
import { headerRouting } from "./check.js";
import { routingHtml, routingText } from "./render.js";

export const headerRoutingFeature: FeatureDefinition<RoutingEvidence> = { kind: "routing", check: headerRouting, text: routingText, html: routingHtml };
