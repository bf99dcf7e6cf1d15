// The authz-policy feature: its check, its evidence kind and its renderings, as the registry lists it.
import type { FeatureDefinition } from "../feature.js";
import type { AuthzEvidence } from "./evidence.js";
import { authzPolicy } from "./check.js";
import { authzHtml, authzText } from "./render.js";

export const authzPolicyFeature: FeatureDefinition<AuthzEvidence> = { kind: "authz", check: authzPolicy, text: authzText, html: authzHtml };
