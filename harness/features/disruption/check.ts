// disruption: a workload restarted during constant-rate traffic costs at most its declared error
// budget. Fixed-rate traffic (runTraffic, coordinated-omission corrected) runs for warmupMs, the
// restart is carried out (and awaited), traffic goes on for settleMs. The report says when the
// restart happened, how many requests failed (no answer or 5xx) and when, and how long recovery
// took (from the restart to the first success after the last failure). Positive controls: the
// destination answered before the restart, and a new pod answered after it — a "restart" that
// changed nothing proves nothing. The budget is judged by an exact binomial test
// (./budget-test.ts), on a window holding the requests the budget needs: the rate is raised
// above the profile's when warmupMs + settleMs at ratePerSec would hold fewer (so a burst of
// losses keeps its share of the window), and settling goes on until they are in.

import { setTimeout as sleep } from "node:timers/promises";
import { runTraffic } from "../../traffic/engine.js";
import type { Outcome } from "../../traffic/outcome.js";
import { judgeBudget, plannedRequests } from "../../check-kit/budget-test.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { DisruptionEvidence, TimelineBin } from "./evidence.js";
import { countInto } from "../../check-kit/observe.js";
import { isFailedRequest, observedKey } from "../../../spec/outcome.js";
import { describeRestart, performRestart } from "../../check-kit/restart-action.js";
import type { FeatureDefinition } from "../feature.js";
import { disruptionHtml, disruptionLines } from "./render.js";

/**
 * Requests in flight at most. A stall beyond it delays sends, and the engine's latency
 * correction still counts the delay; more slots would only multiply abort listeners (the
 * engine adds one per request in flight). At the planned rate a slow target gets fewer
 * requests per second, and settling then goes on until the window holds the planned count.
 */
const CONCURRENCY = 8;
/** The highest rate the plan raises to; a budget needing more ends inconclusive for want of requests. */
export const MAX_RATE_PER_SEC = 1_000;

/** The rate that puts `planned` requests into warmupMs + settleMs, at least the profile's. */
export function plannedRate(ratePerSec: number, planned: number, windowMs: number): number {
  return Math.min(MAX_RATE_PER_SEC, Math.max(ratePerSec, Math.ceil((planned * 1000) / Math.max(1, windowMs))));
}
/** Settling is extended up to this many times while no new pod has answered yet (a slow rollout). */
const SETTLE_EXTENSIONS = 3;
const POLL_MS = 50;
/** The timeline has about this many slices. */
const TIMELINE_SLICES = 40;
/** The traffic's hard stop beyond warm-up and settling, should the restart hang. */
const RESTART_BOUND_MS = 180_000;

interface Seen {
  atMs: number;
  ok: boolean;
  key: string;
  pod?: string;
}

const failed = (o: Outcome) => isFailedRequest(o);

function podOf(o: Outcome): string | undefined {
  if (o.kind !== "response" || o.body === undefined) return undefined;
  try {
    const pod = (JSON.parse(o.body) as { pod?: unknown }).pod;
    return typeof pod === "string" ? pod : undefined;
  } catch {
    return undefined;
  }
}

function timeline(seen: Seen[], endMs: number): TimelineBin[] {
  const slice = Math.max(50, Math.ceil(endMs / TIMELINE_SLICES / 50) * 50);
  const bins: TimelineBin[] = [];
  for (let at = 0; at < endMs; at += slice) bins.push({ atMs: at, ok: 0, failed: 0 });
  for (const s of seen) {
    const bin = bins[Math.min(bins.length - 1, Math.floor(s.atMs / slice))];
    if (bin) bin[s.ok ? "ok" : "failed"]++;
  }
  return bins;
}

export const disruption: CheckDefinition<"disruption", DisruptionEvidence> = {
  id: "disruption",
  feature: "disruption",
  section: "disruption",
  concurrency: "exclusive",
  description: "a workload restarted under constant-rate traffic fails at most its error budget of requests, and traffic recovers",
  async run(ctx, t) {
    const sender = ctx.sender(t.vantage);
    const stop = new AbortController();
    const planned = plannedRequests(t.budget, ctx.stats.beta);
    const rate = plannedRate(t.ratePerSec, planned, t.warmupMs + t.settleMs);
    const onAbort = () => stop.abort();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    const seen: Seen[] = [];
    const t0 = performance.now();
    const traffic = runTraffic({
      sender,
      request: { url: t.url, method: "GET", headers: {}, ...(t.host !== undefined && { host: t.host }) },
      concurrency: CONCURRENCY,
      maxRequests: Infinity,
      durationMs: t.warmupMs + t.settleMs * (1 + SETTLE_EXTENSIONS) + RESTART_BOUND_MS,
      ratePerSec: rate,
      timeoutMs: ctx.timing.requestTimeoutMs,
      signal: stop.signal,
      on: {
        outcome(o) {
          const pod = podOf(o);
          seen.push({ atMs: performance.now() - t0, ok: !failed(o), key: observedKey(o), ...(pod !== undefined && { pod }) });
        },
      },
    });
    let restart: DisruptionEvidence["restart"];
    const answered = (after: number, pods?: Set<string>) =>
      seen.some((s) => s.ok && s.atMs > after && s.pod !== undefined && !(pods?.has(s.pod) ?? false));
    try {
      // Warm-up counts from the first answer: connection set-up is not part of the disruption.
      while (!answered(-1) && performance.now() - t0 < ctx.timing.requestTimeoutMs) await sleep(POLL_MS, undefined, { signal: stop.signal });
      await sleep(t.warmupMs, undefined, { signal: stop.signal });
      const startedAtMs = Math.round(performance.now() - t0);
      const before = new Set(seen.flatMap((s) => (s.pod !== undefined ? [s.pod] : [])));
      const done = await performRestart(t.restart, stop.signal);
      const finishedAtMs = Math.round(performance.now() - t0);
      restart = { how: describeRestart(t.restart), startedAtMs, finishedAtMs, detail: done.detail, ok: done.ok };
      if (done.ok) {
        await sleep(t.settleMs, undefined, { signal: stop.signal });
        const limit = performance.now() + SETTLE_EXTENSIONS * t.settleMs;
        // Settling goes on (bounded) until a new pod answered and the window holds the planned requests.
        while ((!answered(finishedAtMs, before) || seen.length < planned) && performance.now() < limit) await sleep(POLL_MS, undefined, { signal: stop.signal });
      }
    } catch {
      restart = { how: describeRestart(t.restart), startedAtMs: Math.round(performance.now() - t0), detail: "interrupted", ok: false };
    } finally {
      stop.abort();
      ctx.signal.removeEventListener("abort", onAbort);
    }
    const stats = await traffic;
    const endMs = performance.now() - t0;

    const failedCount = stats.errors + stats.byStatusClass["5xx"];
    const budget = judgeBudget(failedCount, stats.requests, t.budget, ctx.stats.alpha, ctx.stats.beta);
    const failures: Record<string, number> = {};
    for (const s of seen) if (!s.ok) countInto(failures, s.key);
    const bad = seen.filter((s) => !s.ok);
    const lastFailure = bad.at(-1);
    const recovered = lastFailure ? seen.find((s) => s.ok && s.atMs > lastFailure.atMs) : undefined;
    const finishedAt = restart.finishedAtMs ?? endMs;
    const podsBefore = [...new Set(seen.filter((s) => s.atMs < restart.startedAtMs && s.pod).map((s) => s.pod!))];
    const podsAfter = [...new Set(seen.filter((s) => s.atMs > finishedAt && s.pod).map((s) => s.pod!))];
    const evidence: DisruptionEvidence = {
      kind: "disruption",
      ratePerSec: rate,
      profileRatePerSec: t.ratePerSec,
      budget: t.budget,
      requests: budget.requests,
      failed: budget.failed,
      errorRate: budget.requests === 0 ? 0 : budget.failed / budget.requests,
      budgetTest: budget,
      restart,
      ...(bad[0] && { firstFailureAtMs: Math.round(bad[0].atMs) }),
      ...(lastFailure && { lastFailureAtMs: Math.round(lastFailure.atMs) }),
      ...(lastFailure === undefined ? { recoveryMs: 0 } : recovered ? { recoveryMs: Math.max(0, Math.round(recovered.atMs - restart.startedAtMs)) } : {}),
      failures,
      podsBefore,
      podsAfter,
      timeline: timeline(seen, endMs),
    };
    const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;
    const p = (x: number) => x.toPrecision(2);
    const failedText = `${budget.failed} of ${budget.requests} requests failed (${pct(evidence.errorRate)}, budget ${pct(t.budget)})`;
    if (!restart.ok) {
      return { status: "error", summary: `could not restart: ${restart.detail}`, requests: budget.requests, evidence };
    }
    if (podsBefore.length === 0) {
      return { status: "error", summary: `nothing answered before the restart — ${failedText}`, requests: budget.requests, evidence };
    }
    if (!podsAfter.some((p) => !podsBefore.includes(p))) {
      return { status: "error", summary: `no new pod answered after the restart (before: ${podsBefore.join(", ")}; after: ${podsAfter.join(", ") || "none"}) — the restart is not visible`, requests: budget.requests, evidence };
    }
    const recovery = lastFailure === undefined ? "nothing failed" : evidence.recoveryMs === undefined ? "never recovered" : `recovered ${evidence.recoveryMs} ms after the restart began`;
    const restartText = `restart ${restart.detail} at +${restart.startedAtMs} ms, ${recovery}`;
    const claim =
      budget.verdict === "fail"
        ? `the loss rate is above the budget (exact binomial: P(≥ ${budget.failed} lost | ${budget.requests}, ${pct(t.budget)}) = ${p(budget.pAbove)} ≤ α = ${budget.alpha})`
        : budget.verdict === "pass"
          ? t.budget === 0
            ? `nothing was lost; the loss rate is below ${pct(budget.upperBound)} (error ≤ β = ${budget.beta}), a budget of 0 cannot be proven by sampling`
            : `the loss rate is below the budget (exact binomial: P(≤ ${budget.failed} lost | ${budget.requests}, ${pct(t.budget)}) = ${p(budget.pBelow)} ≤ β = ${budget.beta})`
          : `cannot tell the loss rate from the budget (P(≥ ${budget.failed}) = ${p(budget.pAbove)} > α, P(≤ ${budget.failed}) = ${p(budget.pBelow)} > β; the plan asked for ${planned} requests at ${rate}/s)`;
    return { status: budget.verdict, summary: `${failedText}: ${claim}; ${restartText}`, requests: budget.requests, evidence };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const disruptionFeature: FeatureDefinition<DisruptionEvidence> = { kind: "disruption", check: disruption, text: disruptionLines, html: disruptionHtml };
