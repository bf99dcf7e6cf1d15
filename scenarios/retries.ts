// retries.ts — VirtualService retries, as the harness's retries check: `path` carries the
// failRatio the profile states (each try fails independently with probability f, with a status
// retryOn covers), so `attempts` retries lift the success rate to 1 − f^(attempts+1)
// (spec/resilience.ts). The success rate is a Rate submetric retries_success{target:t}; its band
// is at least that rate − DELTA (one-sided: more success is never a violation). pass claims the
// rate is in the band (wrong ≤ BETA), fail claims it is below (wrong ≤ ALPHA), inconclusive
// between (lib/shares.ts planRates). A mesh that ignores the route's retries shows 1 − f.
//
//   k6 run -e PROFILE=/abs/profile.json [-e DELTA=0.05] [-e ALPHA=0.001] [-e BETA=0.01] [-e REQUESTS=N] scenarios/retries.ts
//   exit 0 pass · 99 fail or inconclusive (the summary says which) · 108 could not test
import { check, sleep } from "k6";
import exec from "k6/execution";
import { Counter, Rate } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { ProfileError, sectionTargets } from "./lib/profile.ts";
import { layOut, ownerOf } from "./lib/iterations.ts";
import { is2xx, observedKey, withPath } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { isFromApp, minimumSuccessRate } from "../spec/resilience.ts";
import { planRates, rateThresholds } from "./lib/shares.ts";
import { tagSafe } from "./lib/env.ts";
import { sampleSettings } from "./k6/sample-settings.ts";
import type { RetriesTarget } from "../spec/profile/types.ts";

const profile = loadProfile();
const { delta: DELTA, alpha: ALPHA, beta: BETA, requests: REQUESTS, vus: VUS, timeoutMs: TIMEOUT_MS } = sampleSettings(__ENV);

const { planned, total: TOTAL } = layOut(
  sectionTargets(profile, "retries").map((target) => {
    tagSafe(target.name, "retries target name");
    // An upstream that always fails leaves retries nothing to lift: no threshold could fail.
    if (target.failRatio >= 1) throw new ProfileError(`profile retries ${target.name}: failRatio 1 means every try fails, so retries cannot be observed; point path at an endpoint that fails sometimes`);
    const plan = planRates([{ name: "success", expected: minimumSuccessRate(target.failRatio, target.attempts), sides: "min" }], { delta: DELTA, alpha: ALPHA, beta: BETA });
    // REQUESTS may raise the sample, never lower it below what the error rates need.
    plan.requests = Math.max(plan.requests, REQUESTS);
    return { target, plan };
  }),
);

const success = new Rate("retries_success");
const requests = new Counter("retries_requests");

export const options: Options = runOptions({
  setupTimeout: "2m",
  scenarios: {
    retries: { executor: "shared-iterations", vus: Math.min(VUS, TOTAL), iterations: TOTAL, maxDuration: "10m" },
  },
  thresholds: Object.fromEntries(
    planned.flatMap((p) => [
      [`retries_success{target:${p.target.name}}`, rateThresholds(p.plan.rates[0]!)],
      [`retries_requests{target:${p.target.name}}`, [`count>=${p.plan.requests}`]],
    ]),
  ),
}, tlsOptions(profile, sendsOf(profile, ["retries"])));

function ask(t: RetriesTarget, tags: Record<string, string>) {
  return { url: withPath(t.url, t.path), method: "GET", headers: {}, ...(t.host !== undefined ? { host: t.host } : {}), timeoutMs: TIMEOUT_MS, tags };
}

export function setup(): ReturnType<typeof setupData> {
  for (const { target: t } of planned) {
    // Any status will do, as long as the app answered it (Envoy's local replies name no destination).
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, { mc_check: "retries", target: t.name, phase: "converge" }));
        if ("broken" in r) {
          couldNotTest(`retries ${t.name}: ${r.broken}`);
          return "error:OTHER";
        }
        const o = r.observation;
        return isFromApp(o) ? "app" : observedKey(o);
      },
      (key) => key === "app",
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged) couldNotTest(`retries ${t.name}: the app never answered through the route 3 times in a row (last: ${result.last}): cannot test retries without an upstream`);
  }
  return setupData();
}

export default function (): void {
  const { target: t } = ownerOf(planned, exec.scenario.iterationInTest);
  const tags = { mc_check: "retries", target: t.name };
  const r = sendOne(profile, t.vantage, ask(t, tags));
  if ("broken" in r) {
    couldNotTest(`retries ${t.name}: ${r.broken}`);
    return;
  }
  const ok = is2xx(r.observation);
  success.add(ok, { ...tags, observed: observedKey(r.observation) });
  requests.add(1, tags);
  check(r.observation, { [`${t.name}: succeeded (after retries)`]: () => ok }, tags);
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(
    planned.map((p) => {
      const t = p.target;
      const r = p.plan.rates[0]!;
      return [`target ${t.name}`, `${p.plan.requests} requests to ${t.path}; attempts ${t.attempts}, retryOn ${t.retryOn}, f=${t.failRatio}: success expected 1 − f^${t.attempts + 1} = ${r.expected}, band ≥ ${r.expected} − ${p.plan.delta} = ${r.low}: pass if the rate ≥ ${r.passLow} (wrong ≤ β=${p.plan.beta}), fail if < ${r.failLow} (wrong ≤ α=${p.plan.alpha}), else inconclusive`];
    }),
  );
  return summaryOutputs("retries", profile.name, data, legend);
}
