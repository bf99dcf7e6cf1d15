// retries: with the upstream failing each try independently with probability f (with a status
// the route's retryOn covers), a route that retries `attempts` times succeeds with probability
// at least 1 − f^(attempts+1). Under the tolerance contract the pass band is that rate − δ and
// above: pass claims the rate is in it (wrong ≤ β), fail claims it is below (wrong ≤ α)
// (../stats/minimum-rate.ts). The convergence probe needs an answer from the app itself: an
// upstream that never answers is `error`, not a verdict on retries.

import type { TrafficRequest } from "../traffic/request.js";
import { MinimumRateTest } from "../stats/index.js";
import type { CheckDefinition } from "./types.js";
import { awaitConvergence } from "./converge.js";
import { countInto } from "./observe.js";
import { isWhole2xx, observedKey } from "../../spec/outcome.js";
import { CANARY_BATCH, CANARY_CONCURRENCY } from "./canary-split.js";
import { isFromApp, minimumSuccessRate } from "../../spec/resilience.js";

// The formula lives in spec/resilience.ts, shared with the k6 retries scenario.

export const retries: CheckDefinition<"retries"> = {
  id: "retries",
  feature: "retries",
  section: "retries",
  description: "with the upstream failing a fraction f, retries lift the success rate to at least 1 − f^(attempts+1)",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: new URL(t.path, t.url).toString(), method: "GET", headers: {}, host: t.host };
    const minimumRate = minimumSuccessRate(t.failRatio, t.attempts);
    const base = { attempts: t.attempts, retryOn: t.retryOn, failRatio: t.failRatio };
    const test = new MinimumRateTest({ minimumRate, alpha: ctx.stats.alpha, beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget });

    let probes = 0;
    const convergence = await awaitConvergence(
      async () => {
        const [o] = await sender.sendBatch(request, 1);
        probes++;
        // Any status, as long as the app answered it (a local reply names no destination).
        return o === undefined ? "error:OTHER" : isFromApp(o) ? true : observedKey(o);
      },
      ctx.timing,
      ctx.signal,
    );
    if (!convergence.converged) {
      return {
        status: "error",
        summary: `the app never answered through the route ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot test retries without an upstream`,
        requests: probes,
        evidence: { kind: "retries", convergence, ...base, rate: test.finish().evidence, failures: {} },
      };
    }

    const failures: Record<string, number> = {};
    let sent = 0;
    while (test.verdict === undefined && test.requests < ctx.stats.budget && !ctx.signal.aborted) {
      const n = Math.min(CANARY_BATCH, ctx.stats.budget - test.requests);
      const outcomes = await sender.sendBatch(request, n, { concurrency: CANARY_CONCURRENCY });
      sent += outcomes.length;
      for (const o of outcomes) {
        const success = isWhole2xx(o);
        if (test.verdict === undefined && !success) countInto(failures, observedKey(o));
        if (test.observe(success) !== undefined) break;
      }
      ctx.emit({ type: "check-progress", id: `retries/${t.name}`, requests: test.requests, detail: `${JSON.stringify(failures)} failed` });
    }
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
