// header-routing: every generated case (match, name case, value case, near misses, absent
// header) is answered by the destination the rules name — zero tolerance.

import type { TrafficRequest } from "../../traffic/request.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { RoutingCase, RoutingEvidence } from "./evidence.js";
import { generateHeaderCases } from "../../../spec/route-match.js";
import { awaitConvergence } from "../../check-kit/converge.js";
import { countInto } from "../../check-kit/observe.js";
import { isNoAnswer, observedKey } from "../../../spec/outcome.js";

/** Requests per case: enough to catch per-request flakiness in a match, cheap enough to run nightly. */
export const REQUESTS_PER_CASE = 10;

export const headerRouting: CheckDefinition<"routing", RoutingEvidence> = {
  id: "header-routing",
  feature: "routing",
  section: "routing",
  description: "header matches route to their destination, everything else to the default",
  async run(ctx, t) {
    const { cases, problems } = generateHeaderCases(t.rules);
    if (problems.length > 0) {
      return { status: "error", summary: problems.join("; "), requests: 0, evidence: { kind: "routing", cases: [] } };
    }
    const sender = ctx.sender(t.vantage);
    const request = (headers: Record<string, string>): TrafficRequest => ({ url: t.url, method: "GET", headers, host: t.host });
    let requests = 0;

    const first = cases[0]!;
    const firstReq = request(first.headers);
    const convergence = await awaitConvergence(
      async () => {
        const [o] = await sender.sendBatch(firstReq, 1);
        requests++;
        const seen = o ? observedKey(o) : "error:OTHER";
        return seen === first.expected ? true : seen;
      },
      ctx.timing,
      ctx.signal,
    );
    if (!convergence.converged) {
      const unreachable = isNoAnswer(convergence.last);
      return {
        status: unreachable ? "error" : "fail",
        summary: `"${first.name}" never answered ${first.expected} ${ctx.timing.convergenceThreshold} times in a row within ${ctx.timing.convergenceTimeoutMs} ms (last: ${convergence.last})`,
        requests,
        evidence: { kind: "routing", convergence, cases: [] },
      };
    }

    const results: RoutingCase[] = [];
    for (const c of cases) {
      if (ctx.signal.aborted) break;
      const observed: Record<string, number> = {};
      for (const o of await sender.sendBatch(request(c.headers), REQUESTS_PER_CASE)) countInto(observed, observedKey(o));
      requests += REQUESTS_PER_CASE;
      results.push({ name: c.name, headers: c.headers, expected: c.expected, sent: REQUESTS_PER_CASE, observed, ok: observed[c.expected] === REQUESTS_PER_CASE });
      ctx.emit({ type: "check-progress", id: `header-routing/${t.name}`, requests, detail: c.name });
    }
    const wrong = results.filter((r) => !r.ok);
    const summary =
      wrong.length === 0
        ? `${results.length} cases, every answer from the expected destination`
        : `${wrong.length} of ${results.length} cases misrouted; first: "${wrong[0]!.name}" expected ${wrong[0]!.expected}, got ${JSON.stringify(wrong[0]!.observed)}`;
    return { status: wrong.length === 0 ? "pass" : "fail", summary, requests, evidence: { kind: "routing", convergence, cases: results } };
  },
};
