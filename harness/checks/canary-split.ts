// canary-split: the share of requests each destination answers lies within its weight ± δ,
// decided sequentially under the tolerance contract (../stats/README.md): pass claims every
// share is within (wrong ≤ β), fail claims one is outside (wrong ≤ α), inconclusive otherwise.
// A destination outside the weights, or a request that gets no identified 2xx answer, fails at once.

import type { TrafficRequest } from "../traffic/request.js";
import { SequentialProportionTest } from "../stats/index.js";
import type { CheckDefinition } from "./types.js";
import { awaitConvergence } from "./converge.js";
import { countInto } from "./observe.js";
import { isNoAnswer, observedKey } from "../../spec/outcome.js";

/** Requests per round trip to the sender: the test looks at every answer, so this only bounds overshoot. */
export const CANARY_BATCH = 50;
/** Requests in flight at once within a batch. */
export const CANARY_CONCURRENCY = 8;

export const canarySplit: CheckDefinition<"canary"> = {
  id: "canary-split",
  feature: "canary",
  section: "canary",
  description: "weighted destinations answer their share of requests",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: t.url, method: "GET", headers: {}, host: t.host };
    const expected = new Set(Object.keys(t.weights).map((d) => `dest:${d}`));
    let probes = 0;
    const convergence = await awaitConvergence(
      async () => {
        const [o] = await sender.sendBatch(request, 1);
        probes++;
        const seen = o ? observedKey(o) : "error:OTHER";
        return expected.has(seen) ? true : seen;
      },
      ctx.timing,
      ctx.signal,
    );
    const test = new SequentialProportionTest({ weights: t.weights, alpha: ctx.stats.alpha, beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget });
    if (!convergence.converged) {
      const { evidence } = test.finish();
      return {
        status: isNoAnswer(convergence.last) ? "error" : "fail",
        summary: `never answered from a weighted destination ${ctx.timing.convergenceThreshold} times in a row within ${ctx.timing.convergenceTimeoutMs} ms (last: ${convergence.last})`,
        requests: probes,
        evidence: { kind: "canary", convergence, proportion: evidence, nonAnswers: {} },
      };
    }

    const nonAnswers: Record<string, number> = {};
    const seen: Record<string, number> = {};
    // Sent can exceed what the test observed: it decides mid-batch and ignores the rest.
    let sent = 0;
    let verdict: string | undefined;
    while (verdict === undefined && test.requests < ctx.stats.budget && !ctx.signal.aborted) {
      const n = Math.min(CANARY_BATCH, ctx.stats.budget - test.requests);
      sent += n;
      for (const o of await sender.sendBatch(request, n, { concurrency: CANARY_CONCURRENCY })) {
        const key = observedKey(o);
        countInto(seen, key);
        if (!key.startsWith("dest:")) countInto(nonAnswers, key);
        // Non-answers are observed under their own name, so the test fails at once on them.
        verdict = test.observe(key.startsWith("dest:") ? key.slice(5) : key);
        if (verdict !== undefined) break;
      }
      ctx.emit({ type: "check-progress", id: `canary-split/${t.name}`, requests: test.requests, detail: "answers", counts: { ...seen } });
    }
    const { verdict: final, evidence } = test.finish();
    return {
      status: final,
      // The reason is the claim itself, with the shares and intervals it rests on.
      summary: evidence.reason,
      requests: probes + sent,
      evidence: { kind: "canary", convergence, proportion: evidence, nonAnswers },
    };
  },
};
