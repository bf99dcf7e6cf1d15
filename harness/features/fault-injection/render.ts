// fault-injection's evidence as text and HTML: one proportion panel per injected fault, how
// delayed answers were told from slow ones, and anything that was neither.
import type { FaultInjectionEvidence, InjectedShare } from "./evidence.js";
import type { DelaySeparation } from "../../../spec/timing/delay-separation.js";
import type { RenderedCheck } from "../../render-kit/rendered-check.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { points, prob } from "../../render-kit/format.js";
import { observedText, proportionLines } from "../../render-kit/text.js";
import { convergenceLine } from "../../render-kit/html/evidence-tables.js";
import { proportionSection } from "../../render-kit/html/proportion-section.js";

/** How delayed answers were told from slow ones (absent in older reports). */
export function separationText(s: DelaySeparation | undefined): string | undefined {
  if (!s) return undefined;
  const failed = s.baselineError !== undefined ? `; the baseline could not be sent: ${s.baselineError}` : "";
  return `separation: at most ${points(s.falsePositiveBound)} of undelayed answers reach ${s.thresholdMs} ms (error ≤ ${prob(s.err)}; baseline to ${s.baseline.host}: ${s.baseline.slow}/${s.baseline.requests} at ≥ ${s.slowMs} ms; route answers under ${s.thresholdMs} ms: ${s.route.slow}/${s.route.undelayed} at ≥ ${s.slowMs} ms); ${s.separated ? "separated" : `not separated (over ${points(s.allowed)})`}${failed}`;
}

function shareLines(name: string, s: InjectedShare | undefined): string[] {
  return s ? [`${name} (${s.rule}):`, ...proportionLines(s.proportion).map((l) => `  ${l}`)] : [];
}

export function faultInjectionLines(e: FaultInjectionEvidence): string[] {
  const separation = separationText(e.delay?.separation);
  const lines = [...shareLines("abort", e.abort), ...shareLines("delay", e.delay), ...(separation !== undefined ? [separation] : [])];
  if (Object.keys(e.unexpected).length > 0) lines.push(`neither app answer nor injected abort: ${observedText(e.unexpected)}`);
  return lines;
}

export function faultInjectionSection(e: FaultInjectionEvidence, c: RenderedCheck): string {
  const panel = (title: string, s: FaultInjectionEvidence["abort"]) =>
    s ? `<h4>${h(title)}: <span class="mono">${h(s.rule)}</span></h4>\n${proportionSection(c, s.proportion, {})}` : "";
  const unexpected = Object.keys(e.unexpected).length > 0 ? `<p class="bad">Neither an answer from the app nor the injected abort: <code>${h(observedText(e.unexpected))}</code></p>` : "";
  const separation = separationText(e.delay?.separation);
  const sep = separation !== undefined ? `<p class="separation${e.delay?.separation?.separated ? "" : " bad"}">${h(separation)}</p>` : "";
  return `${convergenceLine(e.convergence)}${unexpected}${panel("Aborted requests", e.abort)}${panel("Delayed requests", e.delay)}${sep}`;
}
