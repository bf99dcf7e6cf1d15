// canary-split's evidence as text and HTML: the proportion test's shares and claim, and what
// was not an answer.
import type { CanaryEvidence } from "./evidence.js";
import type { RenderedCheck } from "../../render-kit/rendered-check.js";
import { observedText, proportionLines } from "../../render-kit/text.js";
import { escapeHtml as h, escapeMarkdown as md } from "../../render-kit/escape.js";
import { ci, pct, points } from "../../render-kit/format.js";
import { STATUS_LABEL } from "../../render-kit/labels.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";
import { proportionSection } from "../../render-kit/html/proportion-section.js";

export function canaryText(e: CanaryEvidence): string[] {
  const lines = proportionLines(e.proportion);
  if (Object.keys(e.nonAnswers).length > 0) lines.push(`requests without an identified 2xx answer: ${observedText(e.nonAnswers)}`);
  return lines;
}

/**
 * The one sample size, named: the requests the verdict rests on, what each destination answered
 * of them, and the requests sent that are not in it (convergence probes, any still in flight).
 */
export function sampleLine(e: CanaryEvidence, c: RenderedCheck): string {
  const p = e.proportion;
  const answered = p.destinations.map((d) => `${h(d.name)} answered ${d.observed}`).join(", ");
  const probes = e.convergence?.attempts ?? 0;
  const inFlight = c.requests !== undefined ? c.requests - probes - p.requests : 0;
  const outside = [`${probes} convergence probes before it`, ...(inFlight > 0 ? [`${inFlight} sent but still in flight at the verdict`] : [])];
  return `<p class="sample-line"><b>Sample: <span class="sample-size">${p.requests}</span> requests</b>, the ones the verdict rests on${answered ? `; of which ${answered}` : ""}. Not in the sample: ${outside.join(", ")}.</p>`;
}

export function canaryHtml(e: CanaryEvidence, c: RenderedCheck): string {
  return sampleLine(e, c) + convergenceLine(e.convergence) + proportionSection(c, e.proportion, e.nonAnswers);
}

/** The canary's own section of the Markdown summary: the shares against their bands, and the claim. */
export function canaryMarkdown(e: CanaryEvidence, c: RenderedCheck): string[] {
  const p = e.proportion;
  return [
    `### Canary ${md(c.target)}: ${STATUS_LABEL[c.status]}`,
    "",
    "| Destination | Observed | Of the sample | Confidence interval | Expected | Tolerance band | Finding |",
    "|---|---:|---:|---|---:|---|---|",
    ...p.destinations.map((d) => `| ${md(d.name)} | ${pct(d.share)} | ${d.observed} | ${points(d.ciLevel)} ${ci(d.ci)} | ${points(d.expectedShare)} | ${ci(d.band)} | ${d.finding} |`),
    "",
    `Verdict **${c.status}** on a sample of ${p.requests} requests (budget ${p.budget}): ${md(p.reason)}`,
    "",
    `A share within its weight ± δ (δ = ${points(p.delta)}) conforms. pass claims every share is within (wrong with probability ≤ β = ${p.beta}); fail claims one is outside (wrong with probability ≤ α = ${p.alpha}); intervals are anytime-valid.`,
  ];
}
