// Plain-text evidence of the VirtualService resilience checks (route timeout, retries, fault
// injection), for JUnit and Markdown; evidence-text.ts dispatches here.

import type { CheckEvidence, InjectedShare, TimedRequestRecord } from "../check-kit/records.js";
import type { DelaySeparation } from "../../spec/timing/delay-separation.js";
import type { MinimumRateEvidence } from "../stats/index.js";
import { observedText, proportionLines, requestText } from "./evidence-text.js";
import { ci, pct, points, prob } from "../render-kit/format.js";

type Of<K extends CheckEvidence["kind"]> = Extract<CheckEvidence, { kind: K }>;

export function timedRequestText(r: TimedRequestRecord): string {
  return `${requestText(r)} in ${r.latencyMs} ms`;
}

/** How a late 504 was judged (absent in reports before the concurrent controls). */
export function slownessText(e: Of<"timeout">): string | undefined {
  if (e.during === undefined || e.slackMs === undefined) return undefined;
  return `later than ${e.boundsMs[1]} ms counts as late only beyond the slowness measured meanwhile: ${e.during.requests} controls sent back to back (${e.during.answered} answered) lost ${e.slackMs} ms`;
}

/** How delayed answers were told from slow ones (absent in older reports). */
export function separationText(s: DelaySeparation | undefined): string | undefined {
  if (!s) return undefined;
  const failed = s.baselineError !== undefined ? `; the baseline could not be sent: ${s.baselineError}` : "";
  return `separation: at most ${points(s.falsePositiveBound)} of undelayed answers reach ${s.thresholdMs} ms (error ≤ ${prob(s.err)}; baseline to ${s.baseline.host}: ${s.baseline.slow}/${s.baseline.requests} at ≥ ${s.slowMs} ms; route answers under ${s.thresholdMs} ms: ${s.route.slow}/${s.route.undelayed} at ≥ ${s.slowMs} ms); ${s.separated ? "separated" : `not separated (over ${points(s.allowed)})`}${failed}`;
}

export function timeoutLines(e: Of<"timeout">): string[] {
  const slowness = slownessText(e);
  return [
    `route timeout ${e.timeoutMs} ms: a slower request must get 504 within ${e.boundsMs[0]}–${e.boundsMs[1]} ms`,
    ...(slowness !== undefined ? [slowness] : []),
    `control: ${timedRequestText(e.control)}`,
    ...e.slow.map((r) => `slow: ${timedRequestText(r)}`),
  ];
}

export function minimumRateLines(r: MinimumRateEvidence): string[] {
  return [
    `success rate ${pct(r.rate)} (${r.successes}/${r.requests}), ${points(r.ciLevel)} CI ${ci(r.ci)}; ${points(r.minimumRate)} expected, pass band ${ci(r.band)} (at least the expected rate − δ): ${r.finding}`,
    `α=${prob(r.alpha)} β=${prob(r.beta)} δ=${points(r.delta)}; ${r.requests} of ${r.budget} budgeted requests${r.requestsNeeded !== undefined ? `; a decision needs about ${r.requestsNeeded}` : ""}; p=${prob(r.pValue)} (${r.method})`,
    `reason: ${r.reason}`,
  ];
}

export function retriesLines(e: Of<"retries">): string[] {
  const lines = [`${e.attempts} retries on ${e.retryOn}; the upstream fails ${points(e.failRatio)} of tries`, ...minimumRateLines(e.rate)];
  if (Object.keys(e.failures).length > 0) lines.push(`failed requests: ${observedText(e.failures)}`);
  return lines;
}

function shareLines(name: string, s: InjectedShare | undefined): string[] {
  return s ? [`${name} (${s.rule}):`, ...proportionLines(s.proportion).map((l) => `  ${l}`)] : [];
}

export function faultInjectionLines(e: Of<"fault-injection">): string[] {
  const separation = separationText(e.delay?.separation);
  const lines = [...shareLines("abort", e.abort), ...shareLines("delay", e.delay), ...(separation !== undefined ? [separation] : [])];
  if (Object.keys(e.unexpected).length > 0) lines.push(`neither app answer nor injected abort: ${observedText(e.unexpected)}`);
  return lines;
}
