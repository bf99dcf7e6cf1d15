// retries: with the upstream failing each try independently with probability f (with a status
// the route's retryOn covers), a route that retries `attempts` times succeeds with probability
// at least 1 − f^(attempts+1). Under the tolerance contract the pass band is that rate − δ and
// above: pass claims the rate is in it (wrong ≤ β), fail claims it is below (wrong ≤ α)
// (../stats/minimum-rate.ts). The convergence probe needs an answer from the app itself: an
// upstream that never answers is `error`, not a verdict on retries.

import type { TrafficRequest } from "../../traffic/request.js";
import { MinimumRateTest } from "../../stats/index.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import { convergeOn } from "../../check-kit/converge.js";
import { fromTheApp, whole2xx } from "../../check-kit/expect.js";
import { sampleSequential } from "../../check-kit/sample.js";
import { countInto } from "../../check-kit/observe.js";
import { observedKey } from "../../../spec/outcome.js";
import { minimumSuccessRate } from "../../../spec/resilience.js";
import type { RetriesEvidence } from "./evidence.js";
import type { FeatureDefinition } from "../feature.js";
import { retriesSection, retriesLines } from "./render.js";

// The formula lives in spec/resilience.ts, shared with the k6 retries scenario.

export const retries: CheckDefinition<"retries", RetriesEvidence> = {
  id: "retries",
  feature: "retries",
  section: "retries",
  concurrency: "bulk",
  description: "with the upstream failing a fraction f, retries lift the success rate to at least 1 − f^(attempts+1)",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: new URL(t.path, t.url).toString(), method: "GET", headers: {}, host: t.host };
    const minimumRate = minimumSuccessRate(t.failRatio, t.attempts);
    const base = { attempts: t.attempts, retryOn: t.retryOn, failRatio: t.failRatio };
    const test = new MinimumRateTest({ minimumRate, alpha: ctx.stats.alpha, beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget });

    const { convergence, requests: probes } = await convergeOn(ctx, sender, request, fromTheApp);
    if (!convergence.converged) {
      return {
        status: "error",
        summary: `the app never answered through the route ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot test retries without an upstream`,
        requests: probes,
        evidence: { kind: "retries", convergence, ...base, rate: test.finish().evidence, failures: {} },
      };
    }

    const failures: Record<string, number> = {};
    const sent = await sampleSequential(ctx, sender, request, {
      id: `retries/${t.name}`,
      budget: ctx.stats.budget,
      seen: () => test.requests,
      observe: (o) => {
        const success = whole2xx.test(o);
        if (!success) countInto(failures, observedKey(o));
        return test.observe(success) !== undefined;
      },
      detail: () => "failed",
      counts: () => ({ ...failures }),
    });
    const { verdict, evidence } = test.finish();
    const fmt = (x: number) => `${+(x * 100).toFixed(2)}%`;
    return {
      status: verdict,
      summary: `${evidence.reason}; expected 1 − ${t.failRatio}^${t.attempts + 1} = ${fmt(minimumRate)} with ${t.attempts} retries`,
      requests: probes + sent,
      evidence: { kind: "retries", convergence, ...base, rate: evidence, failures },
    };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const retriesFeature: FeatureDefinition<RetriesEvidence> = { kind: "retries", check: retries, text: retriesLines, html: retriesSection };
