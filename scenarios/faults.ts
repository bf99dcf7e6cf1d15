// faults.ts — VirtualService fault injection, as the harness's fault-injection check: the share
// of requests aborted (the configured status with Envoy's body `fault filter abort`) and the
// share delayed equal the route's percentages. Each is a Rate submetric
// faults_share{fault:abort|delay,target:t} under the tolerance contract: a share within
// percent/100 ± DELTA conforms; pass claims both are within (wrong ≤ BETA), fail claims one is
// outside (wrong ≤ ALPHA over both), inconclusive between (lib/shares.ts planRates). Any answer
// that is neither the app's 2xx nor the injected abort breaches faults_expected at once.
//
// Delayed is told from slow as the harness does it (spec/timing/delay-separation.ts): an answer at or
// above 98 % of fixedDelay counts as delayed, and with every batch of route requests the same
// number of baseline requests (a host no route serves, the gateway's own 404) go out in the same
// http.batch. Their slow share and the route's own near misses bound how many undelayed answers
// a busy client or host pushed over the threshold. Too few delayed is proof under any load (a
// static threshold); a pass or "too many" needs that bound, so one VU sends everything and judges
// the delay share itself at the end (faults_delay_judged). When the bound says delayed and slow
// cannot be told apart, and no other fail stands, the run aborts as could-not-test (108).
//
//   k6 run -e PROFILE=/abs/profile.json [-e DELTA=0.05] [-e ALPHA=0.001] [-e BETA=0.01] [-e REQUESTS=N] scenarios/faults.ts
//   exit 0 pass · 99 fail, inconclusive or an unexpected answer (the summary says which) · 108 could not test
import { check, sleep } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne, sendTogether } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotDecide, couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { ProfileError, sectionTargets } from "./lib/profile.ts";
import { layOut } from "./lib/iterations.ts";
import { observedKey, type Observation } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { ABORT_BODY, isAppAnswer, isFaultAbort } from "../spec/resilience.ts";
import { BASELINE_HOST, judgeDelayShare, SeparationMeter, thresholdMs, type DelayJudgement } from "../spec/timing/delay-separation.ts";
import { planRates, rateThresholds, type RateBounds, type RatePlan, type RateSpec } from "./lib/shares.ts";
import { tagSafe } from "./lib/env.ts";
import { sampleSettings } from "./k6/sample-settings.ts";
import { KNOBS } from "../spec/knobs.ts";
import type { FaultInjectionTarget } from "../spec/profile/types.ts";

const profile = loadProfile();
// Twice the canary's default: the requests in flight at once, since delayed ones hold their slot
// (one VU sends them as one http.batch, with as many baseline requests alongside).
const { delta: DELTA, alpha: ALPHA, beta: BETA, requests: REQUESTS, vus: VUS, timeoutMs: TIMEOUT_MS } = sampleSettings(__ENV, KNOBS.faultVus);

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
// The separation's evidence: baseline answers at or above half the threshold, and the route's
// undelayed answers in that same near-miss range. The verdict the VU draws from them at the end:
const baselineSlow = new Rate("faults_baseline_slow");
const nearMiss = new Rate("faults_near_miss");
const delayJudged = new Rate("faults_delay_judged");

/**
 * The delay's static thresholds: only its low side (rate>=low, or rate==1 for a 100 % delay),
 * proof under any load; the high side (rate<=high, or rate==0) is faults_delay_judged.
 */
const staticThresholds = (r: RateBounds) => (r.name === "delay" ? rateThresholds(r).filter((e) => e.startsWith("rate>=") || e === "rate==1") : rateThresholds(r));

export const options: Options = runOptions({
  setupTimeout: "2m",
  // One VU, one iteration: the delay verdict needs every target's counts in one place.
  scenarios: {
    faults: { executor: "per-vu-iterations", vus: 1, iterations: 1, maxDuration: `${Math.max(10, Math.ceil(TOTAL / 100))}m` },
  },
  batch: 2 * VUS,
  batchPerHost: 2 * VUS,
  thresholds: {
    faults_expected: ["rate==1"],
    ...Object.fromEntries(
      planned.flatMap((p) => [
        ...p.plan.rates.map((r) => [`faults_share{fault:${r.name},target:${p.target.name}}`, staticThresholds(r)]),
        ...(p.target.delay ? [[`faults_delay_judged{target:${p.target.name}}`, ["rate==1"]]] : []),
        [`faults_requests{target:${p.target.name}}`, [`count>=${p.plan.requests}`]],
      ]),
    ),
  },
}, tlsOptions(profile, [...sendsOf(profile, ["faultInjection"]), ...sectionTargets(profile, "faultInjection").map((t, i) => ({ ...(t.vantage !== undefined ? { vantage: t.vantage } : {}), url: t.url, host: BASELINE_HOST, where: `faultInjection[${i}] baseline` }))]));

function ask(t: FaultInjectionTarget, tags: Record<string, string>) {
  // The injected delay comes on top of the usual allowance.
  const timeoutMs = TIMEOUT_MS + (t.delay?.fixedDelayMs ?? 0);
  return { url: t.url, method: "GET", headers: {}, ...(t.host !== undefined ? { host: t.host } : {}), timeoutMs, tags };
}

const isAbort = (t: FaultInjectionTarget, o: Observation) => t.abort !== undefined && isFaultAbort(o, t.abort.httpStatus);

export function setup(): ReturnType<typeof setupData> {
  for (const { target: t } of planned) {
    // Converged when the route answers as configured: from the app, or (everything aborted) with the abort.
    const always = t.abort !== undefined && t.abort.percent >= 100;
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, { mc_check: "fault-injection", target: t.name, phase: "converge" }));
        if ("broken" in r) {
          couldNotTest(`faults ${t.name}: ${r.broken}`);
          return "error:OTHER";
        }
        return (always ? isAbort(t, r.observation) : isAppAnswer(r.observation)) ? "as-configured" : observedKey(r.observation);
      },
      (key) => key === "as-configured",
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged) couldNotTest(`faults ${t.name}: the route never answered from the app 3 times in a row (last: ${result.last}): cannot measure fault shares without an upstream`);
  }
  return setupData();
}

/** What one target's sample showed: a fail that stands whatever the timing, or no decision. */
interface TargetOutcome {
  failed: boolean;
  undecided?: string;
}

function runTarget(t: FaultInjectionTarget, plan: RatePlan): TargetOutcome {
  const tags = { mc_check: "fault-injection", target: t.name };
  // The separation may use up half the band; its bound errs with probability ≤ α.
  const meter = t.delay && new SeparationMeter(t.delay.fixedDelayMs, DELTA / 2, ALPHA);
  const counts = { sent: 0, aborted: 0, delayed: 0, unexpected: 0 };
  while (counts.sent < plan.requests) {
    const n = Math.min(VUS, plan.requests - counts.sent);
    const route = { ...ask(t, tags), count: n, concurrency: n };
    const baseline = { ...ask(t, { ...tags, role: "baseline" }), host: BASELINE_HOST, timeoutMs: TIMEOUT_MS, count: n, concurrency: n };
    const [r, b] = sendTogether(profile, t.vantage, meter ? [route, baseline] : [route]);
    for (const res of [r, b]) if (res && "broken" in res) couldNotTest(`faults ${t.name}: ${res.broken}`);
    if (!r || "broken" in r) return { failed: false };
    for (const o of r.observations) {
      const aborted = isAbort(t, o);
      const ok = aborted || isAppAnswer(o);
      const delayed = meter !== undefined && o.latencyMs !== undefined && meter.isDelayed(o.latencyMs);
      if (t.abort) share.add(aborted, { ...tags, fault: "abort" });
      if (meter) share.add(delayed, { ...tags, fault: "delay" });
      if (meter && ok && o.latencyMs !== undefined && !delayed) {
        meter.observeRoute(o.latencyMs);
        nearMiss.add(o.latencyMs >= meter.slowMs, tags);
      }
      expected.add(ok, { ...tags, observed: observedKey(o) });
      requests.add(1, tags);
      if (o.latencyMs !== undefined) latency.add(o.latencyMs, tags);
      check(o, { [`${t.name}: answered by the app or with the injected abort`]: () => ok }, tags);
      counts.sent++;
      if (aborted) counts.aborted++;
      if (delayed) counts.delayed++;
      if (!ok) counts.unexpected++;
    }
    if (meter && b && !("broken" in b)) {
      for (const o of b.observations) {
        meter.observeBaseline(o.latencyMs);
        baselineSlow.add(o.latencyMs === undefined || o.latencyMs >= meter.slowMs, tags);
      }
    }
  }
  const within = (rate: RateBounds | undefined, x: number) => rate === undefined || (x >= rate.low - 1e-12 && x <= rate.high + 1e-12);
  const abortFailed = t.abort !== undefined && !within(plan.rates.find((r) => r.name === "abort"), counts.aborted / counts.sent);
  const delayRate = plan.rates.find((r) => r.name === "delay");
  const judgement: DelayJudgement | undefined = meter && delayRate && judgeDelayShare(counts.delayed / counts.sent, delayRate, DELTA, meter.evidence());
  if (judgement) {
    delayJudged.add(judgement.status !== "fail", tags);
    check(judgement, { [`${t.name}: delay ${judgement.status}: ${judgement.why}`]: () => judgement.status !== "fail" }, tags);
  }
  const failed = abortFailed || counts.unexpected > 0 || judgement?.status === "fail";
  return { failed, ...(judgement?.status === "inconclusive" ? { undecided: `${t.name}: ${judgement.why}` } : {}) };
}

export default function (): void {
  const outcomes = planned.map((p) => runTarget(p.target, p.plan));
  // A fail stands whatever the timing (k6 exits 99 on its threshold); with none, a delay share
  // that could not be told from slowness makes the whole run could-not-test.
  const undecided = outcomes.flatMap((o) => (o.undecided ? [o.undecided] : []));
  if (!outcomes.some((o) => o.failed) && undecided.length > 0) {
    couldNotDecide(`faults: could not test: ${undecided.join("; ")}`);
  }
}

export function handleSummary(data: unknown): Record<string, string> {
  const rule = (t: FaultInjectionTarget, name: string) =>
    name === "abort"
      ? `status ${t.abort?.httpStatus} with body "${ABORT_BODY}"`
      : `latency ≥ ${thresholdMs(t.delay?.fixedDelayMs ?? 0)} ms, told from slow by a baseline to ${BASELINE_HOST} sent alongside (pass and "too many" need the bound on slow undelayed answers within δ/2)`;
  const legend = Object.fromEntries(
    planned.map((p) => [
      `target ${p.target.name}`,
      `${p.plan.requests} requests; ${p.plan.rates.map((r) => `${r.name} (${rule(p.target, r.name)}) band ${r.expected} ± ${p.plan.delta} = [${r.low}, ${r.high}]: pass if in [${r.passLow}, ${r.passHigh}] (wrong ≤ β=${p.plan.beta}), fail if outside [${r.failLow}, ${r.failHigh}] (wrong ≤ α=${p.plan.alpha} over all), else inconclusive`).join("; ")}`,
    ]),
  );
  return summaryOutputs("faults", profile.name, data, legend);
}
