// canary-split's evidence as text and HTML: the proportion test's shares and claim, and what
// was not an answer.
import type { CanaryEvidence } from "./evidence.js";
import type { RenderedCheck } from "../../render-kit/rendered-check.js";
import { observedText, proportionLines } from "../../render-kit/text.js";
import { escapeMarkdown as md } from "../../render-kit/escape.js";
import { ci, pct, points } from "../../render-kit/format.js";
import { STATUS_LABEL } from "../../render-kit/labels.js";
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

/** The canary's own section of the Markdown summary: the shares against their bands, and the claim. */
export function canaryMarkdown(e: CanaryEvidence, c: RenderedCheck): string[] {
  const p = e.proportion;
  return [
    `### Canary ${md(c.target)}: ${STATUS_LABEL[c.status]}`,
    "",
    "| Destination | Observed | Requests | Confidence interval | Expected | Tolerance band | Finding |",
    "|---|---:|---:|---|---:|---|---|",
    ...p.destinations.map((d) => `| ${md(d.name)} | ${pct(d.share)} | ${d.observed} | ${points(d.ciLevel)} ${ci(d.ci)} | ${points(d.expectedShare)} | ${ci(d.band)} | ${d.finding} |`),
    "",
    `Verdict **${c.status}** after ${p.requests} of ${p.budget} budgeted requests: ${md(p.reason)}`,
    "",
    `A share within its weight ± δ (δ = ${points(p.delta)}) conforms. pass claims every share is within (wrong with probability ≤ β = ${p.beta}); fail claims one is outside (wrong with probability ≤ α = ${p.alpha}); intervals are anytime-valid.`,
  ];
}
