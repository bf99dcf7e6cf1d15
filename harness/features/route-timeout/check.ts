// route-timeout: a request the upstream answers well after the route's timeout gets Envoy's
// 504 `upstream request timeout`, at the timeout — not before it, not long after. The positive
// control (checked first, and the convergence probe) answers within the timeout: a route that
// cannot answer at all is `error`, never a pass or a timeout verdict. While the slow requests
// are out, controls go back to back: their latencies are the slowness a late 504 is judged
// against (./timeout-bounds.ts), so a slow client or host makes the verdict inconclusive, never
// a fail.

import type { Outcome } from "../../traffic/outcome.js";
import type { TrafficRequest } from "../../traffic/request.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { TimedRequestRecord } from "../../check-kit/records.js";
import { convergeOn } from "../../check-kit/converge.js";
import type { Expect } from "../../check-kit/expect.js";
import { bodyExcerpt } from "../../check-kit/observe.js";
import { observedKey } from "../../../spec/outcome.js";
import { addControl, cutTiming, judgeCuts, lateToleranceMs, passBoundsMs, slackMs, type CutTiming } from "../../../spec/timing/timeout-bounds.js";
import { isAppAnswer, isTimeoutCut, TIMEOUT_BODY } from "../../../spec/resilience.js";
import type { TimeoutEvidence } from "./evidence.js";
import type { FeatureDefinition } from "../feature.js";
import { timeoutSection, timeoutLines } from "./render.js";

/** The late tolerance from which a target shares the run's first wave (a 4 s timeout and longer). */
export const SHARED_LATE_TOLERANCE_MS = 1_000;

/** Slow requests, sent at once: one could time out by luck of scheduling; three at the same bound cannot. */
export const TIMEOUT_SLOW_REQUESTS = 3;
// Envoy's body lives in spec/resilience.ts (runtime-neutral), shared with the k6
// timeouts scenario. The k6 scenario keeps its own generous bounds (it has no concurrent controls).

export const routeTimeout: CheckDefinition<"timeouts", TimeoutEvidence> = {
  id: "route-timeout",
  feature: "timeouts",
  section: "timeouts",
  concurrency: "timing",
  // The verdict reads one time window: a cut before 90 % of the timeout is early under any load
  // (the client's clock starts first), and one within the late tolerance (a quarter of the
  // timeout) is on time. With a second or more of tolerance, the few ms the shared wave adds
  // cannot move a cut out of it, so such a target runs beside the count-judged checks (its
  // back-to-back controls are steady traffic: bulk) instead of holding the machine alone for
  // the whole timeout; a shorter timeout keeps the machine to itself.
  concurrencyFor(t) {
    return lateToleranceMs(t.timeoutMs) >= SHARED_LATE_TOLERANCE_MS ? "bulk" : "timing";
  },
  // Its slow requests wait out the whole timeout: start it first in a shared wave.
  minDurationMs(t) {
    return t.timeoutMs;
  },
  description: "a request slower than the route timeout gets 504 upstream request timeout, at the timeout",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const vantage = t.vantage ?? "direct";
    const bounds = passBoundsMs(t.timeoutMs);
    const at = (path: string): TrafficRequest => ({ url: new URL(path, t.url).toString(), method: "GET", headers: {}, host: t.host });
    const controlRequest = at(t.controlPath);
    const record = (req: TrafficRequest, o: Outcome | undefined, expect: string, ok: boolean): TimedRequestRecord => {
      const body = o && bodyExcerpt(o);
      return { vantage, method: "GET", url: req.url, expect, observed: o ? observedKey(o) : "error:OTHER", ...(body !== undefined ? { body } : {}), ok, latencyMs: Math.round(o?.latencyMs ?? 0) };
    };
    const isControlAnswer = (o: Outcome | undefined) => o !== undefined && isAppAnswer(o);
    const appAnswer: Expect = { describe: `2xx from the app within ${t.timeoutMs} ms`, test: isControlAnswer };

    let lastControl: Outcome | undefined;
    const converged = await convergeOn(ctx, sender, controlRequest, appAnswer, (o) => (lastControl = o));
    const convergence = converged.convergence;
    let requests = converged.requests;
    const controlOk = convergence.converged;
    const control = record(controlRequest, lastControl, appAnswer.describe, controlOk);
    const during = { requests: 0, answered: 0, totalMs: 0, minLatencyMs: 0 };
    const base = { kind: "timeout" as const, convergence, timeoutMs: t.timeoutMs, boundsMs: bounds, control };
    if (!controlOk) {
      return {
        status: "error",
        summary: `positive control ${t.controlPath} never answered 2xx ${ctx.timing.convergenceThreshold} times in a row (last: ${convergence.last}): cannot tell a timeout from a broken route`,
        requests,
        evidence: { ...base, slow: [], during, slackMs: 0 },
      };
    }

    const slowRequest = at(t.path);
    // The sender must outwait the slowest verdict it could still reach, or its own timeout
    // would be mistaken for the mesh's.
    const timeoutMs = Math.max(ctx.timing.requestTimeoutMs, 2 * bounds[1] + 1_000);
    let out = true;
    const controls = (async () => {
      while (out && !ctx.signal.aborted) {
        const [o] = await sender.sendBatch(controlRequest, 1, { timeoutMs });
        if (!o) break;
        addControl(during, Math.round(o.latencyMs));
        if (isControlAnswer(o)) during.answered++;
      }
    })();
    let outcomes: Outcome[];
    try {
      outcomes = await sender.sendBatch(slowRequest, TIMEOUT_SLOW_REQUESTS, { concurrency: TIMEOUT_SLOW_REQUESTS, timeoutMs });
    } finally {
      out = false;
      await controls.catch(() => {});
    }
    requests += outcomes.length + during.requests;
    const slack = slackMs(during);
    const expect = `504 "${TIMEOUT_BODY}" after ${bounds[0]}–${bounds[1]} ms`;
    const cut = isTimeoutCut;
    const timings: (CutTiming | undefined)[] = outcomes.map((o) => (cut(o) ? cutTiming(o.latencyMs, bounds, slack) : undefined));
    const slow = outcomes.map((o, i) => record(slowRequest, o, expect, timings[i] === "on time"));
    const evidence = { ...base, slow, during, slackMs: slack };
    // The verdict is the k6 timeouts scenario's too (spec/timing/timeout-bounds.ts).
    const judgement = judgeCuts(
      t.timeoutMs,
      outcomes.map((o, i) => ({
        key: slow[i]!.observed,
        latencyMs: slow[i]!.latencyMs,
        cut: cut(o),
        answered: o.kind === "response" && o.status < 300,
        clientTimeout: o.kind === "error" && o.code === "TIMEOUT",
      })),
      during,
    );
    const summary = judgement.status === "pass" ? `${judgement.why}; control answered 2xx` : judgement.why;
    return { status: judgement.status, summary, requests, evidence };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const routeTimeoutFeature: FeatureDefinition<TimeoutEvidence> = { kind: "timeout", check: routeTimeout, text: timeoutLines, html: timeoutSection };
