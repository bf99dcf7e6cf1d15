// faults.ts — VirtualService fault injection, as the harness's fault-injection check: the share
// of requests aborted (the configured status with Envoy's body `fault filter abort`) and the
// share delayed (latency ≥ fixedDelay) equal the route's percentages. Each is a Rate submetric
// faults_share{fault:abort|delay,target:t} under the tolerance contract: a share within
// percent/100 ± DELTA conforms; pass claims both are within (wrong ≤ BETA), fail claims one is
// outside (wrong ≤ ALPHA over both), inconclusive between (lib/shares.ts planRates). Any answer
// that is neither the app's 2xx nor the injected abort breaches faults_expected at once.
//
//   k6 run -e PROFILE=/abs/profile.json [-e DELTA=0.05] [-e ALPHA=0.001] [-e BETA=0.01] [-e REQUESTS=N] scenarios/faults.ts
//   exit 0 pass · 99 fail, inconclusive or an unexpected answer (the summary says which) · 108 could not test
import { check, sleep } from "k6";
import exec from "k6/execution";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { ProfileError, sectionTargets } from "./lib/profile.ts";
import { layOut, ownerOf } from "./lib/iterations.ts";
import { observedKey, type Observation } from "./lib/observe.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "./lib/converge.ts";
import { ABORT_BODY, isAppAnswer, isDelayed, isFaultAbort } from "./lib/resilience.ts";
import { planRates, rateThresholds, type RateSpec } from "./lib/shares.ts";
import { tagSafe } from "./lib/env.ts";
import { sampleSettings } from "./k6/sample-settings.ts";
import type { FaultInjectionTarget } from "../harness/profile/types.ts";

const profile = loadProfile();
// Twice the canary's default, as the harness's FAULT_CONCURRENCY: delayed requests hold their VU for the delay.
const { delta: DELTA, alpha: ALPHA, beta: BETA, requests: REQUESTS, vus: VUS, timeoutMs: TIMEOUT_MS } = sampleSettings(__ENV, { vus: 16 });

const { planned, total: TOTAL } = layOut(
  sectionTargets(profile, "faultInjection").map((target) => {
    tagSafe(target.name, "faultInjection target name");
    const specs: RateSpec[] = [];
    if (target.abort) specs.push({ name: "abort", expected: target.abort.percent / 100, sides: "both" });
    if (target.delay) specs.push({ name: "delay", expected: target.delay.percent / 100, sides: "both" });
    if (specs.length === 0) throw new ProfileError(`profile faultInjection ${target.name}: neither abort nor delay: nothing for the faults scenario to check`);
    const plan = planRates(specs, { delta: DELTA, alpha: ALPHA, beta: BETA });
    // REQUESTS may raise the sample, never lower it below what the error rates need.
    plan.requests = Math.max(plan.requests, REQUESTS);
    return { target, plan };
  }),
);

const share = new Rate("faults_share");
const expected = new Rate("faults_expected");
const requests = new Counter("faults_requests");
const latency = new Trend("faults_latency", true);

export const options: Options = {
  setupTimeout: "2m",
  scenarios: {
    faults: { executor: "shared-iterations", vus: Math.min(VUS, TOTAL), iterations: TOTAL, maxDuration: "10m" },
  },
  thresholds: {
    faults_expected: ["rate==1"],
    ...Object.fromEntries(
      planned.flatMap((p) => [
        ...p.plan.rates.map((r) => [`faults_share{fault:${r.name},target:${p.target.name}}`, rateThresholds(r)]),
        [`faults_requests{target:${p.target.name}}`, [`count>=${p.plan.requests}`]],
      ]),
    ),
  },
};

function ask(t: FaultInjectionTarget, tags: Record<string, string>) {
  // The injected delay comes on top of the usual allowance.
  const timeoutMs = TIMEOUT_MS + (t.delay?.fixedDelayMs ?? 0);
  return { url: t.url, method: "GET", headers: {}, ...(t.host !== undefined ? { host: t.host } : {}), timeoutMs, tags };
}

const isAbort = (t: FaultInjectionTarget, o: Observation) => t.abort !== undefined && isFaultAbort(o, t.abort.httpStatus);

export function setup(): void {
  for (const { target: t } of planned) {
    // Make the count submetric exist, so a run that sends nothing still fails its minimum.
    requests.add(0, { check: "fault-injection", target: t.name });
    // Converged when the route answers as configured: from the app, or (everything aborted) with the abort.
    const always = t.abort !== undefined && t.abort.percent >= 100;
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, { check: "fault-injection", target: t.name, phase: "converge" }));
        if ("broken" in r) {
          exec.test.abort(`faults ${t.name}: ${r.broken}`);
          return "error:OTHER";
        }
        return (always ? isAbort(t, r.observation) : isAppAnswer(r.observation)) ? "as-configured" : observedKey(r.observation);
      },
      (key) => key === "as-configured",
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged) exec.test.abort(`faults ${t.name}: the route never answered from the app 3 times in a row (last: ${result.last}): cannot measure fault shares without an upstream`);
  }
}

export default function (): void {
  const { target: t } = ownerOf(planned, exec.scenario.iterationInTest);
  const tags = { check: "fault-injection", target: t.name };
  const r = sendOne(profile, t.vantage, ask(t, tags));
  if ("broken" in r) {
    exec.test.abort(`faults ${t.name}: ${r.broken}`);
    return;
  }
  const o = r.observation;
  const aborted = isAbort(t, o);
  const ok = aborted || isAppAnswer(o);
  if (t.abort) share.add(aborted, { ...tags, fault: "abort" });
  if (t.delay) share.add(isDelayed(o, t.delay.fixedDelayMs), { ...tags, fault: "delay" });
  expected.add(ok, { ...tags, observed: observedKey(o) });
  requests.add(1, tags);
  if (o.latencyMs !== undefined) latency.add(o.latencyMs, tags);
  check(o, { [`${t.name}: answered by the app or with the injected abort`]: () => ok }, tags);
}

export function handleSummary(data: unknown): Record<string, string> {
  const rule = (t: FaultInjectionTarget, name: string) =>
    name === "abort" ? `status ${t.abort?.httpStatus} with body "${ABORT_BODY}"` : `latency ≥ ${t.delay?.fixedDelayMs} ms`;
  const legend = Object.fromEntries(
    planned.map((p) => [
      `target ${p.target.name}`,
      `${p.plan.requests} requests; ${p.plan.rates.map((r) => `${r.name} (${rule(p.target, r.name)}) band ${r.expected} ± ${p.plan.delta} = [${r.low}, ${r.high}]: pass if in [${r.passLow}, ${r.passHigh}] (wrong ≤ β=${p.plan.beta}), fail if outside [${r.failLow}, ${r.failHigh}] (wrong ≤ α=${p.plan.alpha} over all), else inconclusive`).join("; ")}`,
    ]),
  );
  return summaryOutputs("faults", profile.name, data, legend);
}
