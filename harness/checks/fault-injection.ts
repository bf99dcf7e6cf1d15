// fault-injection: the share of requests aborted (the configured status with Envoy's body
// `fault filter abort`) and the share delayed (latency ≥ fixedDelay) equal the route's
// percentages — the canary's proportion test, one per injected fault, α split between them.
// Any other answer (a 5xx that is no injected abort, a reset) fails at once.

import type { Outcome } from "../traffic/outcome.js";
import type { TrafficRequest } from "../traffic/request.js";
import { SequentialProportionTest } from "../stats/index.js";
import type { CheckDefinition } from "./types.js";
import type { InjectedShare } from "./evidence.js";
import { awaitConvergence } from "./converge.js";
import { countInto, observedKey } from "./observe.js";
import { CANARY_BATCH } from "./canary-split.js";
import { ABORT_BODY } from "../../scenarios/lib/resilience.js";

// Envoy's abort body lives in scenarios/lib/resilience.ts, shared with the k6 faults scenario.
export { ABORT_BODY } from "../../scenarios/lib/resilience.js";
/** Twice the canary's: the delayed requests hold their slot for the whole delay. */
export const FAULT_CONCURRENCY = 16;

interface Part {
  rule: string;
  test: SequentialProportionTest;
  /** Outcome → was this fault injected into it? */
  injected: (o: Outcome) => boolean;
  /** Names the proportion test counts an injected and a spared request under. */
  hit: string;
  miss: string;
}

export const faultInjection: CheckDefinition<"faultInjection"> = {
  id: "fault-injection",
  feature: "fault-injection",
  section: "faultInjection",
  description: "the shares of aborted and delayed requests equal the route's fault percentages",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: t.url, method: "GET", headers: {}, host: t.host };
    const isAbort = (o: Outcome) => t.abort !== undefined && o.kind === "response" && o.status === t.abort.httpStatus && (o.body ?? "").includes(ABORT_BODY);
    const isAppAnswer = (o: Outcome) => o.kind === "response" && o.status >= 200 && o.status < 300 && o.destination !== undefined;
    const spec = { alpha: ctx.stats.alpha / ((t.abort ? 1 : 0) + (t.delay ? 1 : 0)), beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget };
    const abort: Part | undefined = t.abort && {
      rule: `status ${t.abort.httpStatus} with body "${ABORT_BODY}"`,
      test: new SequentialProportionTest({ ...spec, weights: { aborted: t.abort.percent, passed: 100 - t.abort.percent } }),
      injected: isAbort,
      hit: "aborted",
      miss: "passed",
    };
    const delay: Part | undefined = t.delay && {
      rule: `latency ≥ ${t.delay.fixedDelayMs} ms`,
      test: new SequentialProportionTest({ ...spec, weights: { delayed: t.delay.percent, undelayed: 100 - t.delay.percent } }),
      injected: (o) => o.latencyMs >= (t.delay?.fixedDelayMs ?? Infinity),
      hit: "delayed",
      miss: "undelayed",
    };
    const parts = [abort, delay].filter((p): p is Part => p !== undefined);
    const evidenceOf = (unexpected: Record<string, number>) => {
      const share = (p: Part | undefined): InjectedShare | undefined => p && { rule: p.rule, proportion: p.test.finish().evidence };
      const a = share(abort);
      const d = share(delay);
      return { kind: "fault-injection" as const, ...(a && { abort: a }), ...(d && { delay: d }), unexpected };
    };

    // Converged when the route answers as configured: from the app, or (when everything is aborted) with the abort.
    const always = t.abort !== undefined && t.abort.percent >= 100;
    let probes = 0;
    const convergence = await awaitConvergence(
      async () => {
        const [o] = await sender.sendBatch(request, 1);
        probes++;
        if (!o) return "error:OTHER";
        return (always ? isAbort(o) : isAppAnswer(o)) ? true : observedKey(o);
      },
      ctx.timing,
      ctx.signal,
    );
    if (!convergence.converged) {
      return {
        status: "error",
        summary: `the route never answered from the app ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot measure fault shares without an upstream`,
        requests: probes,
        evidence: { ...evidenceOf({}), convergence },
      };
    }

    const unexpected: Record<string, number> = {};
    let sent = 0;
    const undecided = () => parts.some((p) => p.test.verdict === undefined);
    const failed = () => parts.some((p) => p.test.verdict === "fail");
    while (undecided() && !failed() && sent < ctx.stats.budget && !ctx.signal.aborted && Object.keys(unexpected).length === 0) {
      const n = Math.min(CANARY_BATCH, ctx.stats.budget - sent);
      const outcomes = await sender.sendBatch(request, n, { concurrency: FAULT_CONCURRENCY });
      sent += outcomes.length;
      for (const o of outcomes) {
        if (!isAbort(o) && !isAppAnswer(o)) {
          countInto(unexpected, observedKey(o));
          break;
        }
        for (const p of parts) p.test.observe(p.injected(o) ? p.hit : p.miss);
        if (!undecided() || failed()) break;
      }
      ctx.emit({ type: "check-progress", id: `fault-injection/${t.name}`, requests: sent, detail: parts.map((p) => `${p.rule}: ${p.test.requests}`).join("; ") });
    }
    const evidence = { ...evidenceOf(unexpected), convergence };
    const requests = probes + sent;
    const describe = (name: string, s: InjectedShare | undefined) => {
      const d = s?.proportion.destinations[0];
      return s && d ? `${name} ${+(d.share * 100).toFixed(2)}% of expected ${+(d.expectedShare * 100).toFixed(2)}%` : undefined;
    };
    const shares = [describe("aborted", evidence.abort), describe("delayed", evidence.delay)].filter(Boolean).join(", ");
    if (Object.keys(unexpected).length > 0) {
      const [key] = Object.keys(unexpected);
      return { status: "fail", summary: `got ${key}, which is neither an answer from the app nor the injected abort`, requests, evidence };
    }
    const verdicts = [evidence.abort, evidence.delay].flatMap((s) => (s ? [s.proportion] : []));
    const terms = `α=${ctx.stats.alpha} split over ${verdicts.length}, β=${ctx.stats.beta}, δ=${ctx.stats.delta}`;
    const bad = parts.find((p) => p.test.verdict === "fail");
    if (bad) return { status: "fail", summary: `${bad.test.finish().evidence.reason} (${shares}; ${terms})`, requests, evidence };
    if (parts.every((p) => p.test.verdict === "pass")) return { status: "pass", summary: `fault shares match the route (${shares}; ${terms})`, requests, evidence };
    return { status: "inconclusive", summary: `no decision within the budget (${shares}; ${terms})`, requests, evidence };
  },
};
