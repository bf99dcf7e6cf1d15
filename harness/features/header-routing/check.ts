// header-routing: every generated case (match, name case, value case, near misses, absent
// header) is answered by the destination the rules name — zero tolerance.

import type { TrafficRequest } from "../../traffic/request.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { RoutingEvidence } from "./evidence.js";
import { generateHeaderCases } from "../../../spec/route-match.js";
import { convergeOn, notConverged } from "../../check-kit/converge.js";
import { answeredAs } from "../../check-kit/expect.js";
import { sampleCases, type Case } from "../../check-kit/sample.js";
import type { FeatureDefinition } from "../feature.js";
import { routingHtml, routingText } from "./render.js";

/** Requests per case: enough to catch per-request flakiness in a match, cheap enough to run nightly. */
export const REQUESTS_PER_CASE = 10;

export const headerRouting: CheckDefinition<"routing", RoutingEvidence> = {
  id: "header-routing",
  feature: "routing",
  section: "routing",
  concurrency: "light",
  description: "header matches route to their destination, everything else to the default",
  async run(ctx, t) {
    const { cases, problems } = generateHeaderCases(t.rules);
    if (problems.length > 0) {
      return { status: "error", summary: problems.join("; "), requests: 0, evidence: { kind: "routing", cases: [] } };
    }
    const request = (headers: Record<string, string>): TrafficRequest => ({ url: t.url, method: "GET", headers, host: t.host });
    // The table: each case's request, the one destination (or status) every answer must be.
    const table: Case[] = cases.map((c) => ({ name: c.name, request: request(c.headers), expect: answeredAs(c.expected), n: REQUESTS_PER_CASE }));
    const sender = ctx.sender(t.vantage);

    const first = table[0]!;
    const { convergence, requests: probes } = await convergeOn(ctx, sender, first.request, first.expect);
    if (!convergence.converged) {
      return { ...notConverged(convergence, ctx.timing, `"${first.name}" never answered ${first.expect.describe}`), requests: probes, evidence: { kind: "routing", convergence, cases: [] } };
    }

    const sampled = await sampleCases(ctx, sender, table, (r, requests) => ctx.emit({ type: "check-progress", id: `header-routing/${t.name}`, requests: probes + requests, detail: r.case.name }));
    const results = sampled.map((r) => ({ name: r.case.name, headers: r.case.request.headers, expected: r.case.expect.describe, sent: r.case.n, observed: r.observed, ok: r.ok }));
    const requests = probes + sampled.reduce((n, r) => n + r.case.n, 0);
    const wrong = results.filter((r) => !r.ok);
    const summary =
      wrong.length === 0
        ? `${results.length} cases, every answer from the expected destination`
        : `${wrong.length} of ${results.length} cases misrouted; first: "${wrong[0]!.name}" expected ${wrong[0]!.expected}, got ${JSON.stringify(wrong[0]!.observed)}`;
    return { status: wrong.length === 0 ? "pass" : "fail", summary, requests, evidence: { kind: "routing", convergence, cases: results } };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const headerRoutingFeature: FeatureDefinition<RoutingEvidence> = { kind: "routing", check: headerRouting, text: routingText, html: routingHtml };
