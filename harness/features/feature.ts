// What one feature folder provides: its check, the evidence kind it records, and how that
// evidence reads as text (JUnit bodies, Markdown) and as HTML. The registry (./registry.ts)
// lists these; the evidence union and the renderers are assembled from that list.

import type { CheckDefinition, Evidence, ProfileSection } from "../check-kit/types.js";
import type { RenderedCheck } from "../render-kit/rendered-check.js";

export interface FeatureDefinition<E extends Evidence = Evidence> {
  /** The `kind` of this feature's evidence: the renderers find the feature by it. */
  kind: E["kind"];
  check: CheckDefinition<ProfileSection, E>;
  /** The evidence as plain-text lines. */
  text(e: E): string[];
  /** The evidence as an HTML fragment inside the check's section. */
  html(e: E, c: RenderedCheck): string;
  /**
   * A section of its own for this feature's checks, near the top of the summaries (the canary's
   * distribution): the Markdown summary gives each check `markdown`'s lines under `heading`, and
   * the HTML report puts these checks first under it.
   */
  summary?: { heading: string; markdown(e: E, c: RenderedCheck): string[] };
}
