// circuit-breaking's evidence as text and HTML: the controls, the pool, the burst's split
// and the bound on its successes.
import type { CircuitBreakingEvidence } from "./evidence.js";
import { ms } from "../../render-kit/format.js";
import { observedText, requestText } from "../../render-kit/text.js";
import { factsTable, requestRecordsTable } from "../../render-kit/html/evidence-tables.js";

/** The most successes a conforming pool allows, and why (absent in reports before the bound). */
export function poolBoundText(e: CircuitBreakingEvidence): string | undefined {
  const b = e.burst;
  if (b.admits === undefined) return undefined;
  const finished = b.finishedDuringBurst ?? 0;
  return `at most ${b.admits} may succeed: ${e.maxActive} active + ${e.maxPending} pending + ${finished} a slot could finish while the burst took ${ms(b.spreadMs ?? 0)} to send (fastest success ${b.fastestSuccessMs === undefined ? "—" : ms(b.fastestSuccessMs)}, a slot held at least half of it)${e.maxBurst !== undefined ? `; bursts capped at ${e.maxBurst}` : ""}`;
}

export function circuitBreakingLines(e: CircuitBreakingEvidence): string[] {
  const b = e.burst;
  const bound = poolBoundText(e);
  return [
    ...e.controls.map((r) => `control: ${requestText(r)}`),
    `pool: ${e.maxActive} active + ${e.maxPending} pending`,
    `burst: ${b.sent} at once to ${b.path}: ${b.succeeded} succeeded, ${b.overflowed} overflowed${Object.keys(b.other).length > 0 ? `, other: ${observedText(b.other)}` : ""}`,
    ...(bound !== undefined ? [`bound: ${bound}`] : []),
    ...(b.overflowSample !== undefined ? [`overflow answer: ${b.overflowSample}`] : []),
  ];
}

export function circuitBreakingHtml(e: CircuitBreakingEvidence): string {
  const b = e.burst;
  return requestRecordsTable("Sequential requests (positive control)", e.controls) + `<h4>Burst</h4>` + factsTable([
    ["Pool", `${e.maxActive} active + ${e.maxPending} pending`],
    ["Sent at once", `${b.sent} × ${b.path}`],
    ["Succeeded", String(b.succeeded)],
    ["Overflowed (503, x-envoy-overloaded)", String(b.overflowed)],
    ["Bound on successes", poolBoundText(e) ?? "—"],
    ["Other answers", observedText(b.other)],
    ["Overflow answer", b.overflowSample ?? "—"],
  ]);
}
