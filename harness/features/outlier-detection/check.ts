// outlier-detection: the DestinationRule ejects an endpoint that fails consecutiveErrors times in
// a row, and the requests after that succeed. Sequential requests (so "consecutive" is what the
// proxy sees) first until every failing endpoint has failed that often in a row (warm-up); then,
// within baseEjectionTime, a sequential probability ratio test (../stats BernoulliSprt) of
// H0 "failures at the share p0 the failing endpoints get without ejection" against H1
// "failures at p0 / 10 at most": a mesh that ejects nothing passes with probability ≤ β; one
// that ejects fails with probability ≤ α. H1 is not "no failures", so one stray failure (a
// request that reached the proxy before it applied the ejection, which Envoy does a moment
// after the failure) cannot fail a conforming mesh.
//
// The window is the proxy's, not the client's: the ejection cannot start before the last
// warm-up request was sent, so it lasts at least until that moment + baseEjectionTime; only
// requests answered by then count. A slow client gets fewer of them (inconclusive), never
// requests the proxy served after the ejection ended.

import type { Outcome } from "../../traffic/outcome.js";
import { BernoulliSprt } from "../../stats/index.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { ObservedCounts } from "../../check-kit/records.js";
import type { EjectionTest, OutlierDetectionEvidence } from "./evidence.js";
import { countInto } from "../../check-kit/observe.js";
import { isFailedRequest, observedKey } from "../../../spec/outcome.js";
import type { FeatureDefinition } from "../feature.js";
import { outlierDetectionHtml, outlierDetectionLines } from "./render.js";

/** Warm-up gives up after this many requests per endpoint and consecutive error. */
const WARMUP_FACTOR = 20;
/** H1's failure share is p0 divided by this: an ejection may let a stray failure through. */
const STRAY_DIVISOR = 10;

const failed = (o: Outcome) => isFailedRequest(o);
/** Which endpoint answered, from any status (observedKey names destinations of 2xx only). */
const answeredBy = (o: Outcome) => (o.kind === "response" ? o.destination : undefined);

export const outlierDetection: CheckDefinition<"outlierDetection", OutlierDetectionEvidence> = {
  id: "outlier-detection",
  feature: "outlier-detection",
  section: "outlierDetection",
  concurrency: "timing",
  description: "an endpoint failing consecutiveErrors times in a row is ejected, and the requests after it succeed",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const request = { url: new URL(t.path, t.url).toString(), method: "GET", headers: {}, host: t.host };
    const failing = t.endpoints.filter((e) => e.failRatio > 0).map((e) => e.destination);
    const streak = new Map(failing.map((d) => [d, 0]));
    const warmObserved: ObservedCounts = {};
    const maxWarmup = WARMUP_FACTOR * t.consecutiveErrors * t.endpoints.length;
    const t0 = performance.now();
    let warmRequests = 0;
    let lastWarmupSentAt = t0;
    const reached = () => [...streak.values()].every((n) => n >= t.consecutiveErrors);
    while (!reached() && warmRequests < maxWarmup && !ctx.signal.aborted) {
      lastWarmupSentAt = performance.now();
      const [o] = await sender.sendBatch(request, 1);
      if (!o) break;
      warmRequests++;
      countInto(warmObserved, observedKey(o));
      const by = answeredBy(o);
      if (by !== undefined && streak.has(by)) streak.set(by, failed(o) ? streak.get(by)! + 1 : 0);
    }
    const warmup = { requests: warmRequests, observed: warmObserved, reached: reached(), elapsedMs: Math.round(performance.now() - t0) };

    const p0 = t.endpoints.reduce((sum, e) => sum + e.failRatio, 0) / t.endpoints.length;
    // Roles swapped against the proportion contract: here H0 is the broken mesh, so the chance of
    // passing it (rejecting H0) is bounded by β, and of failing a conforming one by α.
    const p1 = p0 / STRAY_DIVISOR;
    const sprt = new BernoulliSprt(p0, p1, ctx.stats.beta, ctx.stats.alpha);
    const windowMs = t.baseEjectionTimeMs;
    const test: EjectionTest & { late: number } = { requests: 0, observed: {}, failures: 0, p0, p1, alpha: ctx.stats.alpha, beta: ctx.stats.beta, windowMs, late: 0, state: "running" };
    const base = { kind: "outlier-detection" as const, consecutiveErrors: t.consecutiveErrors, baseEjectionTimeMs: t.baseEjectionTimeMs, intervalMs: t.intervalMs, maxEjectionPercent: t.maxEjectionPercent, failing, warmup };
    if (!warmup.reached) {
      return {
        status: "error",
        summary: `the failing endpoints (${failing.join(", ")}) never failed ${t.consecutiveErrors} times in a row in ${warmRequests} requests (${Object.entries(warmObserved).map(([k, v]) => `${k}×${v}`).join(", ")}) — nothing to eject`,
        requests: warmRequests,
        evidence: { ...base, afterEjection: test },
      };
    }
    // The ejection lasts baseEjectionTime at least from the last warm-up send: decide within it, or say we could not.
    const windowEnd = lastWarmupSentAt + windowMs;
    while (sprt.state === "running" && performance.now() < windowEnd && !ctx.signal.aborted) {
      const [o] = await sender.sendBatch(request, 1);
      if (!o) break;
      if (performance.now() > windowEnd) {
        test.late++; // answered after the window: the proxy may have served it after the ejection ended
        break;
      }
      test.requests++;
      countInto(test.observed, observedKey(o));
      if (failed(o)) test.failures++;
      sprt.update(failed(o));
    }
    test.state = sprt.state;
    const evidence = { ...base, afterEjection: test };
    const seen = Object.entries(test.observed).map(([k, v]) => `${k}×${v}`).join(", ");
    const requests = warmRequests + test.requests + test.late;
    if (sprt.state === "reject-null") {
      return { status: "pass", summary: `after ${warmRequests} warm-up requests ejected ${failing.join(", ")}: ${test.requests - test.failures} of the next ${test.requests} succeeded (${seen}); a mesh without ejection fails ${(p0 * 100).toFixed(0)}% (β=${ctx.stats.beta})`, requests, evidence };
    }
    if (sprt.state === "accept-null") {
      return { status: "fail", summary: `not ejected: after ${t.consecutiveErrors} consecutive failures of ${failing.join(", ")}, ${test.failures} of the next ${test.requests} requests still failed (${seen}); an ejecting mesh lets through ${(p1 * 100).toFixed(0)}% at most (α=${ctx.stats.alpha})`, requests, evidence };
    }
    return { status: "inconclusive", summary: `undecided within the ${windowMs} ms ejection window after ${test.requests} requests answered in it (${seen || "none"}${test.late > 0 ? "; a slow answer came after it and was not counted" : ""})`, requests, evidence };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const outlierDetectionFeature: FeatureDefinition<OutlierDetectionEvidence> = { kind: "outlier-detection", check: outlierDetection, text: outlierDetectionLines, html: outlierDetectionHtml };
