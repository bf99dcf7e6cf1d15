// Plain-text pieces several features' evidence lines are made of: observed counts, headers,
// request records and a proportion test's lines.

import type { ObservedCounts, RequestRecord } from "../check-kit/records.js";
import type { ProportionEvidence } from "../stats/index.js";
import { ci, pct, points, prob } from "./format.js";

export function observedText(observed: ObservedCounts): string {
  const parts = Object.entries(observed).map(([k, n]) => `${k}×${n}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

export function headersText(headers: Record<string, string>): string {
  const parts = Object.entries(headers).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join("; ") : "(no headers)";
}

export function requestText(r: RequestRecord): string {
  const extra = [r.caller !== undefined ? `caller ${r.caller}` : "", r.body !== undefined ? `body ${JSON.stringify(r.body)}` : ""].filter(Boolean);
  return `${r.ok ? "ok  " : "BAD "} ${r.vantage} ${r.method} ${r.url}: expected ${r.expect}, got ${r.observed}${extra.length ? ` (${extra.join("; ")})` : ""}`;
}

/** α, β, δ and requests used: the statistical terms a proportion verdict was reached under. */
export function proportionTermsText(p: ProportionEvidence): string {
  const needed = p.requestsNeeded !== undefined ? `; a decision needs about ${p.requestsNeeded}` : "";
  return `α=${prob(p.alpha)} β=${prob(p.beta)} δ=${points(p.delta)}; ${p.requests} of ${p.budget} budgeted requests${needed}; p=${prob(p.pValue)} (${p.method})`;
}

export function proportionLines(p: ProportionEvidence): string[] {
  const lines = p.destinations.map(
    (d) => `${d.name}: ${pct(d.share)} (${d.observed}/${p.requests}), ${points(d.ciLevel)} CI ${ci(d.ci)}; expected ${points(d.expectedShare)}, tolerance band ${ci(d.band)}: ${d.finding}`,
  );
  return [...lines, proportionTermsText(p), `reason: ${p.reason}`];
}
