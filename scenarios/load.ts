// load.ts — constant-arrival-rate traffic for soak runs and for traffic during a mesh upgrade.
// Requests rotate over every routing case and canary target in the profile (lib/load-plan.ts);
// an answer counts as right only from the destination the rules expect, so a misroute or an
// outage during an upgrade spends the error budget just as a 503 does. Verdict: thresholds on
// the right-answer rate, p99 latency and a minimum completed count (dropped iterations count
// against it).
//
//   k6 run -e PROFILE=/abs/profile.json [-e RATE=50] [-e DURATION=1m] [-e ERROR_BUDGET=0.01]
//          [-e P99_MS=1000] [-e INSTANCES=1] scenarios/load.ts
//   exit 0 pass · 99 a threshold breached · 108 could not test
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
import { generateHeaderCases } from "../spec/route-match.ts";
import { loadTargets, minimumRequests, reachabilityProbes, type LoadTarget } from "./lib/load-plan.ts";
import { isNoAnswer, observedKey } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { durationEnv, knobEnv, tagSafe } from "./lib/env.ts";
import { KNOBS } from "../spec/knobs.ts";

const RATE = knobEnv(__ENV, KNOBS.loadRate);
const DURATION = durationEnv(__ENV, KNOBS.loadDurationS);
const ERROR_BUDGET = knobEnv(__ENV, KNOBS.loadErrorBudget);
const P99_MS = knobEnv(__ENV, KNOBS.loadP99Ms);
const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);
// Under the k6 operator each of N runners gets 1/N of the rate and judges its own thresholds.
const INSTANCES = knobEnv(__ENV, KNOBS.instances);
const MAX_VUS = knobEnv(__ENV, KNOBS.maxVus);

const profile = loadProfile();
const targets = loadTargets(profile, generateHeaderCases);
for (const t of targets) tagSafe(t.name, "load target name");
const MINIMUM = minimumRequests(RATE, DURATION.seconds, INSTANCES);

const right = new Rate("load_ok");
const requests = new Counter("load_requests");
const latency = new Trend("load_latency", true);
const answers = new Counter("load_answers");

export const options: Options = runOptions({
  setupTimeout: "2m",
  scenarios: {
    load: {
      executor: "constant-arrival-rate",
      rate: RATE,
      timeUnit: "1s",
      duration: DURATION.text,
      preAllocatedVUs: Math.min(MAX_VUS, Math.max(2, Math.ceil(RATE / 10))),
      maxVUs: MAX_VUS,
    },
  },
  thresholds: {
    load_ok: [`rate>=${1 - ERROR_BUDGET}`],
    load_latency: [`p(99)<${P99_MS}`],
    load_requests: [`count>=${MINIMUM}`],
  },
}, tlsOptions(profile, sendsOf(profile, ["routing", "canary"])));

function ask(t: LoadTarget, tags: Record<string, string>) {
  return { url: t.url, method: "GET", headers: t.headers, ...(t.host !== undefined ? { host: t.host } : {}), timeoutMs: TIMEOUT_MS, tags };
}

/** Every place the traffic goes must give some HTTP answer first: a dead target is could-not-test, not a spent budget. */
export function setup(): ReturnType<typeof setupData> {
  for (const t of reachabilityProbes(targets)) {
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, { mc_check: "load", target: t.name, phase: "probe" }));
        if ("broken" in r) couldNotTest(`load ${t.name}: ${r.broken}`);
        return "broken" in r ? "error:OTHER" : observedKey(r.observation);
      },
      (key) => !isNoAnswer(key),
      { ...CONVERGE_DEFAULTS, threshold: 1, now: () => Date.now(), sleep },
    );
    if (!result.converged) couldNotTest(`load ${t.name}: no HTTP answer from ${t.url} (last: ${result.last}): target unreachable, nothing tested`);
  }
  return setupData();
}

export default function (): void {
  const t = targets[exec.scenario.iterationInTest % targets.length]!;
  const tags = { mc_check: "load", target: t.name };
  const r = sendOne(profile, t.vantage, ask(t, tags));
  if ("broken" in r) {
    couldNotTest(`load ${t.name}: ${r.broken}`);
    return;
  }
  const key = observedKey(r.observation);
  const ok = t.expect.includes(key);
  right.add(ok, tags);
  requests.add(1, tags);
  answers.add(1, { ...tags, observed: key });
  if (r.observation.latencyMs !== undefined) latency.add(r.observation.latencyMs, { ...tags, observed: key });
  check(key, { [`${t.name}: ${t.expect.join(" or ")}`]: () => ok }, tags);
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend: Record<string, string> = {
    plan: `${RATE}/s for ${DURATION.text} over ${INSTANCES} instance(s); at least ${MINIMUM} requests here; error budget ${ERROR_BUDGET}; p99 < ${P99_MS} ms`,
    ...Object.fromEntries(targets.map((t) => [`target ${t.name}`, `${t.description} → ${t.expect.join(" or ")}`])),
  };
  return summaryOutputs("load", profile.name, data, legend);
}
