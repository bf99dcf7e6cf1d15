// canary-split: the share of requests each destination answers lies within its weight ± δ,
// decided sequentially under the tolerance contract (../../stats/README.md): pass claims every
// share is within (wrong ≤ β), fail claims one is outside (wrong ≤ α), inconclusive otherwise.
// A destination outside the weights, or a request that gets no identified 2xx answer, fails at once.

import type { TrafficRequest } from "../../traffic/request.js";
import { SequentialProportionTest } from "../../stats/index.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { CanaryEvidence } from "./evidence.js";
import { convergeOn, notConverged } from "../../check-kit/converge.js";
import { answeredAsOneOf } from "../../check-kit/expect.js";
import { countInto } from "../../check-kit/observe.js";
import { sampleSequential } from "../../check-kit/sample.js";
import { observedKey } from "../../../spec/outcome.js";
import type { FeatureDefinition } from "../feature.js";
import { canaryHtml, canaryMarkdown, canaryText } from "./render.js";

export const canarySplit: CheckDefinition<"canary", CanaryEvidence> = {
  id: "canary-split",
  feature: "canary",
  section: "canary",
  concurrency: "bulk",
  description: "weighted destinations answer their share of requests",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: t.url, method: "GET", headers: {}, host: t.host };
    const weighted = answeredAsOneOf(Object.keys(t.weights).map((d) => `dest:${d}`), "a weighted destination");
    const { convergence, requests: probes } = await convergeOn(ctx, sender, request, weighted);
    const test = new SequentialProportionTest({ weights: t.weights, alpha: ctx.stats.alpha, beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget });
    if (!convergence.converged) {
      const { evidence } = test.finish();
      return { ...notConverged(convergence, ctx.timing, "never answered from a weighted destination"), requests: probes, evidence: { kind: "canary", convergence, proportion: evidence, nonAnswers: {} } };
    }

    const nonAnswers: Record<string, number> = {};
    const seen: Record<string, number> = {};
    const sent = await sampleSequential(ctx, sender, request, {
      id: `canary-split/${t.name}`,
      budget: ctx.stats.budget,
      seen: () => test.requests,
      observe: (o) => {
        const key = observedKey(o);
        countInto(seen, key);
        if (!key.startsWith("dest:")) countInto(nonAnswers, key);
        // Non-answers are observed under their own name, so the test fails at once on them.
        return test.observe(key.startsWith("dest:") ? key.slice(5) : key) !== undefined;
      },
      detail: () => "answers",
      counts: () => ({ ...seen }),
    });
    const { verdict, evidence } = test.finish();
    // The reason is the claim itself, with the shares and intervals it rests on.
    return { status: verdict, summary: evidence.reason, requests: probes + sent, evidence: { kind: "canary", convergence, proportion: evidence, nonAnswers } };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const canarySplitFeature: FeatureDefinition<CanaryEvidence> = { kind: "canary", check: canarySplit, text: canaryText, html: canaryHtml, summary: { heading: "Canary distribution", markdown: canaryMarkdown } };
