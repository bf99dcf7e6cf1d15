// The route-timeout feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { TimeoutEvidence } from "./evidence.js";
import { routeTimeout } from "./check.js";
import { timeoutSection, timeoutLines } from "./render.js";

export const routeTimeoutFeature: FeatureDefinition<TimeoutEvidence> = { kind: "timeout", check: routeTimeout, text: timeoutLines, html: timeoutSection };
