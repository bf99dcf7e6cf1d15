// fault-injection: the share of requests aborted (the configured status with Envoy's body
// `fault filter abort`) and the share delayed equal the route's percentages — the canary's
// proportion test, one per injected fault, α split between them. Delayed is told from slow by
// spec/timing/delay-separation.ts: a concurrent baseline bounds how many undelayed answers look delayed,
// and where that bound is too high the delay part ends inconclusive, never fail. Any other
// answer (a 5xx that is no injected abort, a reset) fails at once; no answer within the
// request timeout is inconclusive (a hung route and a stalled client look the same).

import type { Outcome } from "../../traffic/outcome.js";
import type { TrafficRequest } from "../../traffic/request.js";
import { SequentialProportionTest } from "../../stats/index.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { FaultInjectionEvidence, InjectedShare } from "./evidence.js";
import { convergeOn } from "../../check-kit/converge.js";
import type { Expect } from "../../check-kit/expect.js";
import { countInto } from "../../check-kit/observe.js";
import { observedKey } from "../../../spec/outcome.js";
import { SEQUENTIAL_BATCH } from "../../check-kit/sample.js";
import { sendPaced, type Pace } from "./paced-sender.js";
import { ABORT_BODY, isAppAnswer, isFaultAbort } from "../../../spec/resilience.js";
import { BASELINE_HOST, judgeDelay, SeparationMeter, type DelayJudgement, type DelaySeparation } from "../../../spec/timing/delay-separation.js";
import type { FeatureDefinition } from "../feature.js";
import { faultInjectionSection, faultInjectionLines } from "./render.js";

/** Baseline requests interleaved with the route's, per route request: the harness's own choice. */
const BASELINE_RATIO = 0.5;

// Envoy's abort body lives in spec/resilience.ts, shared with the k6 faults scenario.
/**
 * Few requests at work at once: each one more queues behind the others in the client and the
 * target, and on a busy machine that queueing is what carries undelayed answers past the delay's
 * threshold. A request still in flight at the slow mark is most likely held by the delay (a
 * timer, not work), so it frees its slot, up to 3× as many in all: a delayed request no longer
 * holds up the others. Freeing slots sooner let slow answers pile more requests on a busy target.
 */
export const PACE: Pace = { active: 4, agedMs: 100, maxInFlight: 12 };
const paceFor = (slowMs: number): Pace => ({ ...PACE, agedMs: Math.max(1, slowMs) });

interface Part {
  rule: string;
  test: SequentialProportionTest;
  /** Outcome → was this fault injected into it? */
  injected: (o: Outcome) => boolean;
  /** Names the proportion test counts an injected and a spared request under. */
  hit: string;
  miss: string;
}

export const faultInjection: CheckDefinition<"faultInjection", FaultInjectionEvidence> = {
  id: "fault-injection",
  feature: "fault-injection",
  section: "faultInjection",
  concurrency: "timing",
  description: "the shares of aborted and delayed requests equal the route's fault percentages",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request: TrafficRequest = { url: t.url, method: "GET", headers: {}, host: t.host };
    const isAbort = (o: Outcome) => t.abort !== undefined && isFaultAbort(o, t.abort.httpStatus);
    const spec = { alpha: ctx.stats.alpha / ((t.abort ? 1 : 0) + (t.delay ? 1 : 0)), beta: ctx.stats.beta, delta: ctx.stats.delta, budget: ctx.stats.budget };
    // The separation gates pass and "too many delayed": its bound may use up half the band.
    const meter = t.delay && new SeparationMeter(t.delay.fixedDelayMs, ctx.stats.delta / 2, Math.min(ctx.stats.alpha, ctx.stats.beta));
    const abort: Part | undefined = t.abort && {
      rule: `status ${t.abort.httpStatus} with body "${ABORT_BODY}"`,
      test: new SequentialProportionTest({ ...spec, weights: { aborted: t.abort.percent, passed: 100 - t.abort.percent } }),
      injected: isAbort,
      hit: "aborted",
      miss: "passed",
    };
    const delay: Part | undefined = t.delay && meter && {
      rule: `latency ≥ ${meter.thresholdMs} ms (${t.delay.fixedDelayMs} ms delay, less ${Math.round((1 - meter.thresholdMs / t.delay.fixedDelayMs) * 100)}% for timer rounding)`,
      test: new SequentialProportionTest({ ...spec, weights: { delayed: t.delay.percent, undelayed: 100 - t.delay.percent } }),
      injected: (o) => meter.isDelayed(o.latencyMs),
      hit: "delayed",
      miss: "undelayed",
    };
    const parts = [abort, delay].filter((p): p is Part => p !== undefined);
    // The pass claim is about the delayed share p, which lies in [s − q, s] for the share s at the
    // threshold. With q ≤ δ/2 (the separation's allowance), s within [w − δ/2, w + δ] puts p within
    // w ± δ: a second test of s against that band (centre w + δ/4, half-width 3δ/4) decides the pass.
    const shift = (ctx.stats.delta * 100) / 4;
    const passTest = t.delay && t.delay.percent > 0 && t.delay.percent + shift < 100
      ? new SequentialProportionTest({ ...spec, delta: (ctx.stats.delta * 3) / 4, weights: { delayed: t.delay.percent + shift, undelayed: 100 - t.delay.percent - shift } })
      : undefined;
    // Likewise for "too many": s above w + 3δ/2 puts p above w + δ; a third test, against
    // [w − δ/2, w + 3δ/2] (centre w + δ/2, half-width δ), decides that fail.
    const highTest = t.delay && t.delay.percent > 0 && t.delay.percent + 2 * shift < 100
      ? new SequentialProportionTest({ ...spec, weights: { delayed: t.delay.percent + 2 * shift, undelayed: 100 - t.delay.percent - 2 * shift } })
      : undefined;
    let baselineError: string | undefined;
    const evidenceOf = (unexpected: Record<string, number>) => {
      const share = (p: Part | undefined): InjectedShare | undefined => p && { rule: p.rule, proportion: p.test.finish().evidence };
      const a = share(abort);
      const d = share(delay);
      const separation: DelaySeparation | undefined = meter && { ...meter.evidence(), ...(baselineError !== undefined && { baselineError }), ...(passTest && { passTest: passTest.finish().evidence }) };
      return { kind: "fault-injection" as const, ...(a && { abort: a }), ...(d && { delay: { ...d, ...(separation && { separation }) } }), unexpected };
    };

    // Converged when the route answers as configured: from the app, or (when everything is aborted) with the abort.
    const always = t.abort !== undefined && t.abort.percent >= 100;
    const configured: Expect = always ? { describe: "the injected abort", test: isAbort } : { describe: "an answer from the app", test: isAppAnswer };
    const { convergence, requests: probes } = await convergeOn(ctx, sender, request, configured);
    if (!convergence.converged) {
      return {
        status: "error",
        summary: `the route never answered from the app ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot measure fault shares without an upstream`,
        requests: probes,
        evidence: { ...evidenceOf({}), convergence },
      };
    }

    // The baseline: the same address and sender, a host no route serves, interleaved with the
    // route's requests under the same pace, so a busy client or host slows both alike.
    const baselineRequest: TrafficRequest = { ...request, host: BASELINE_HOST };
    let baselineSent = 0;
    let observed = 0;
    const unexpected: Record<string, number> = {};
    let sent = 0;
    let timedOut = 0;
    const lowSide = (p: Part) => {
      const d = p.test.finish().evidence.destinations[0];
      return d !== undefined && d.share < d.expectedShare;
    };
    const highSide = () => delay?.test.verdict === "fail" && !lowSide(delay);
    // The pass and "too many" tests rest on the separation: once it cannot come, only the share
    // tests themselves (whose low-side fail needs none) are worth more requests. Looked at every
    // SEQUENTIAL_BATCH answers: the bound is an exact binomial sum, too dear per answer.
    let hopeless = false;
    const separable = () => !hopeless;
    const undecided = () =>
      parts.some((p) => p.test.verdict === undefined) ||
      (separable() && ((passTest !== undefined && passTest.verdict === undefined) || (highSide() && highTest !== undefined && highTest.verdict === undefined)));
    // A fail that stands whatever the separation: the abort's, or too few delayed answers.
    const failed = () => abort?.test.verdict === "fail" || (delay?.test.verdict === "fail" && lowSide(delay));
    // A decided delay share still needs its baseline when the verdict rests on it.
    const baselineShort = () => meter !== undefined && baselineError === undefined && meter.baselineRequests < meter.needed && separable();
    const going = () => (undecided() || baselineShort()) && !failed() && !ctx.signal.aborted && Object.keys(unexpected).length === 0 && timedOut === 0;
    const progress = () =>
      ctx.emit({ type: "check-progress", id: `fault-injection/${t.name}`, requests: sent, detail: parts.map((p) => `${p.rule}: ${p.test.requests}`).join("; ") });
    const observeRoute = (o: Outcome) => {
      if (o.kind === "error" && o.code === "TIMEOUT") {
        timedOut++;
        return;
      }
      if (!isAbort(o) && !isAppAnswer(o)) {
        countInto(unexpected, observedKey(o));
        return;
      }
      meter?.observeRoute(o.latencyMs);
      for (const p of parts) p.test.observe(p.injected(o) ? p.hit : p.miss);
      if (delay) for (const x of [passTest, highTest]) x?.observe(delay.injected(o) ? delay.hit : delay.miss);
    };
    type Sent = { route: Outcome } | { baseline: Outcome } | { baselineError: string };
    await sendPaced<Sent>(meter ? paceFor(meter.slowMs) : PACE, {
      next: () => {
        if (!going()) return undefined;
        if (meter && baselineError === undefined && baselineSent < Math.ceil(sent * BASELINE_RATIO)) {
          baselineSent++;
          return () =>
            sender.send(baselineRequest).then(
              (baseline) => ({ baseline }),
              (err: unknown) => {
                if (ctx.signal.aborted) throw err;
                return { baselineError: err instanceof Error ? err.message : String(err) };
              },
            );
        }
        if (sent >= ctx.stats.budget) return undefined;
        sent++;
        return () => sender.send(request).then((route) => ({ route }));
      },
      consume: (r) => {
        if ("baselineError" in r) baselineError ??= r.baselineError;
        else if ("baseline" in r) {
          if (baselineError === undefined) meter?.observeBaseline(r.baseline.latencyMs);
        } else {
          observeRoute(r.route);
          if (++observed % SEQUENTIAL_BATCH === 0) {
            hopeless = meter?.hopeless ?? false;
            progress();
          }
        }
        return !going();
      },
    });
    progress();
    const evidence = { ...evidenceOf(unexpected), convergence };
    const requests = probes + sent + baselineSent;
    const describe = (name: string, s: InjectedShare | undefined) => {
      const d = s?.proportion.destinations[0];
      return s && d ? `${name} ${+(d.share * 100).toFixed(2)}% of expected ${+(d.expectedShare * 100).toFixed(2)}%` : undefined;
    };
    const shares = [describe("aborted", evidence.abort), describe(`answers ≥ ${meter?.thresholdMs ?? 0} ms`, evidence.delay)].filter(Boolean).join(", ");
    if (Object.keys(unexpected).length > 0) {
      const [key] = Object.keys(unexpected);
      return { status: "fail", summary: `got ${key}, which is neither an answer from the app nor the injected abort`, requests, evidence };
    }
    if (timedOut > 0) {
      return { status: "inconclusive", summary: `a request got no answer within ${ctx.timing.requestTimeoutMs} ms: a hung route and a stalled client look the same (${shares})`, requests, evidence };
    }
    const verdicts = [evidence.abort, evidence.delay].flatMap((s) => (s ? [s.proportion] : []));
    const terms = `α=${ctx.stats.alpha} split over ${verdicts.length}, β=${ctx.stats.beta}, δ=${ctx.stats.delta}`;
    const abortVerdict = abort?.test.verdict ?? "pass";
    const delayJudgement: DelayJudgement | undefined = delay && evidence.delay?.separation && (() => {
      const d = evidence.delay.proportion.destinations[0];
      if (!d) return { status: "inconclusive" as const, why: "no answers" };
      const high = highTest?.finish().evidence.destinations[0];
      const tooMany = highTest === undefined ? undefined : highTest.verdict === "fail" && high !== undefined && high.share > high.expectedShare;
      return judgeDelay(delay.test.verdict ?? "inconclusive", passTest && (passTest.verdict ?? "inconclusive"), d, evidence.delay.separation, tooMany);
    })();
    if (abort && abortVerdict === "fail") return { status: "fail", summary: `${abort.test.finish().evidence.reason} (${shares}; ${terms})`, requests, evidence };
    if (delay && delayJudgement?.status === "fail") {
      return { status: "fail", summary: `${delayJudgement.why}: ${delay.test.finish().evidence.reason} (${shares}; ${terms})`, requests, evidence };
    }
    if (abortVerdict === "pass" && (delayJudgement === undefined || delayJudgement.status === "pass")) {
      const why = delayJudgement ? `; ${delayJudgement.why}` : "";
      return { status: "pass", summary: `fault shares match the route (${shares}; ${terms})${why}`, requests, evidence };
    }
    const open = [
      abort && abortVerdict !== "pass" ? "the aborted share is undecided within the budget" : undefined,
      delayJudgement && delayJudgement.status !== "pass" ? `delay: ${delayJudgement.why}` : undefined,
    ].filter(Boolean).join("; ");
    return { status: "inconclusive", summary: `${open} (${shares}; ${terms})`, requests, evidence };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const faultInjectionFeature: FeatureDefinition<FaultInjectionEvidence> = { kind: "fault-injection", check: faultInjection, text: faultInjectionLines, html: faultInjectionSection };
