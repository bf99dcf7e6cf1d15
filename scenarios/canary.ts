// canary.ts — weighted destinations answer their share of requests, as the harness's
// canary-split check. Each destination's share is a Rate submetric
// canary_share{destination:d,target:t}. The tolerance contract (lib/shares.ts): a share within
// weight ± DELTA conforms; pass claims every share is within (wrong ≤ BETA), fail claims one is
// outside (wrong ≤ ALPHA), from a fixed sample sized so a conforming mesh passes and one 2δ off
// fails; between the pass and fail bounds the summary says inconclusive. An answer from outside
// the weights, or no answer, fails at once.
//
//   k6 run -e PROFILE=/abs/profile.json [-e DELTA=0.05] [-e ALPHA=0.001] [-e BETA=0.01] [-e REQUESTS=N] scenarios/canary.ts
//   exit 0 pass · 99 fail or inconclusive (the summary says which) · 108 could not test
import { check, sleep } from "k6";
import exec from "k6/execution";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { layOut, ownerOf } from "./lib/iterations.ts";
import { observedKey } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { isNoAnswer } from "../spec/outcome.ts";
import { planShares, shareThresholds } from "./lib/shares.ts";
import { tagSafe } from "./lib/env.ts";
import { sampleSettings } from "./k6/sample-settings.ts";
import type { CanaryTarget } from "../spec/profile/types.ts";

const profile = loadProfile();
const { delta: DELTA, alpha: ALPHA, beta: BETA, requests: REQUESTS, vus: VUS, timeoutMs: TIMEOUT_MS } = sampleSettings(__ENV);

const { planned, total: TOTAL } = layOut(
  sectionTargets(profile, "canary").map((target) => {
    tagSafe(target.name, "canary target name");
    for (const d of Object.keys(target.weights)) tagSafe(d, `canary ${target.name} destination`);
    const plan = planShares(target.weights, { delta: DELTA, alpha: ALPHA, beta: BETA });
    // REQUESTS may raise the sample, never lower it below what the error rates need.
    plan.requests = Math.max(plan.requests, REQUESTS);
    return { target, plan };
  }),
);

const share = new Rate("canary_share");
const answered = new Rate("canary_answered");
const requests = new Counter("canary_requests");
const latency = new Trend("canary_latency", true);

export const options: Options = runOptions({
  setupTimeout: "2m",
  scenarios: {
    canary: { executor: "shared-iterations", vus: Math.min(VUS, TOTAL), iterations: TOTAL, maxDuration: "10m" },
  },
  thresholds: {
    // An answer from outside the weights, or none, breaks the claim whatever the shares: stop there (exit 99).
    canary_answered: [{ threshold: "rate==1", abortOnFail: true }],
    ...Object.assign({}, ...planned.map((p) => shareThresholds(p.plan, "canary_share", "canary_requests", `target:${p.target.name}`))),
  },
}, tlsOptions(profile, sendsOf(profile, ["canary"])));

function ask(t: CanaryTarget, tags: Record<string, string>) {
  return { url: t.url, method: "GET", headers: {}, ...(t.host !== undefined ? { host: t.host } : {}), timeoutMs: TIMEOUT_MS, tags };
}

export function setup(): ReturnType<typeof setupData> {
  for (const { target: t } of planned) {
    const weighted = new Set(Object.keys(t.weights).map((d) => `dest:${d}`));
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, { mc_check: "canary-split", target: t.name, phase: "converge" }));
        if ("broken" in r) couldNotTest(`canary ${t.name}: ${r.broken}`);
        return "broken" in r ? "error:OTHER" : observedKey(r.observation);
      },
      (key) => weighted.has(key),
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged && isNoAnswer(result.last)) couldNotTest(`canary ${t.name}: no HTTP answer (last: ${result.last}): target unreachable, nothing tested`);
    if (!result.converged) console.warn(`canary ${t.name}: never answered from a weighted destination 3 times in a row (last: ${result.last}); sampling anyway`);
  }
  return setupData();
}

export default function (): void {
  const { target: t } = ownerOf(planned, exec.scenario.iterationInTest);
  const tags = { mc_check: "canary-split", target: t.name };
  const r = sendOne(profile, t.vantage, ask(t, tags));
  if ("broken" in r) {
    couldNotTest(`canary ${t.name}: ${r.broken}`);
    return;
  }
  const key = observedKey(r.observation);
  const dest = key.startsWith("dest:") ? key.slice(5) : undefined;
  const weighted = dest !== undefined && dest in t.weights;
  for (const d of Object.keys(t.weights)) share.add(dest === d, { ...tags, destination: d });
  answered.add(weighted, { ...tags, observed: key });
  requests.add(1, tags);
  if (r.observation.latencyMs !== undefined) latency.add(r.observation.latencyMs, { ...tags, destination: dest ?? key });
  check(key, { [`${t.name}: answered by a weighted destination`]: () => weighted }, tags);
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(
    planned.map((p) => [
      `target ${p.target.name}`,
      `${p.plan.requests} requests; ${p.plan.destinations.map((d) => `${d.name} band ${d.share} ± ${p.plan.delta} = [${d.low}, ${d.high}]: pass if the share is in [${d.passLow}, ${d.passHigh}] (wrong ≤ β=${p.plan.beta}), fail if outside [${d.failLow}, ${d.failHigh}] (wrong ≤ α=${p.plan.alpha}), else inconclusive`).join("; ")}`,
    ]),
  );
  return summaryOutputs("canary", profile.name, data, legend);
}
