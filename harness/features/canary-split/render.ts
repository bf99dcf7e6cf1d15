// canary-split's evidence as text and HTML: the proportion test's shares and claim, and what
// was not an answer.
import type { CanaryEvidence } from "./evidence.js";
import type { RenderedCheck } from "../../render-kit/rendered-check.js";
import { observedText, proportionLines } from "../../render-kit/text.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";
import { proportionSection } from "../../render-kit/html/proportion-section.js";

export function canaryText(e: CanaryEvidence): string[] {
  const lines = proportionLines(e.proportion);
  if (Object.keys(e.nonAnswers).length > 0) lines.push(`requests without an identified 2xx answer: ${observedText(e.nonAnswers)}`);
  return lines;
}

export function canaryHtml(e: CanaryEvidence, c: RenderedCheck): string {
  return convergenceLine(e.convergence) + proportionSection(c, e.proportion, e.nonAnswers);
}
