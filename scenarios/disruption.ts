// disruption.ts — fault injection with xk6-disruptor on the kind cluster: while one scenario
// makes a workload's Service (default workshop-app-v2) answer ERROR_CODE to ERROR_RATE of its
// requests, another sends canary traffic through the gateway. The thresholds say what the mesh
// must show: the injected errors are visible in the canary's traffic at that destination's
// weight × ERROR_RATE (± DELTA) — so a disruptor that silently did nothing fails too — and
// nothing else goes wrong (other failures within UNEXPECTED_BUDGET).
//
// Needs the custom binary (make k6-build → ./k6) and a kubeconfig that can reach the kind
// cluster. Stock k6 cannot import k6/x/disruptor: run through make k6 / bin/k6-run, which says
// so (107) instead of letting k6 try to build a binary in Grafana's cloud (auto extension
// resolution off). The local mesh cannot run it.
//
//   ./k6 run -e PROFILE=/abs/kind-profile.json [-e DISRUPT_SERVICE=workshop-app-v2]
//            [-e DISRUPT_NAMESPACE=workshop-app] [-e DESTINATION=v2] [-e ERROR_RATE=1]
//            [-e ERROR_CODE=500] [-e RATE=50] [-e DURATION=40s] [-e WARMUP=20s] scenarios/disruption.ts
import { check } from "k6";
import { Counter, Rate } from "k6/metrics";
import type { Options } from "k6/options";
import { ServiceDisruptor } from "k6/x/disruptor";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { observedKey } from "../spec/outcome.ts";
import { planBandShares, shareThresholds } from "./lib/shares.ts";
import { KNOBS } from "../spec/knobs.ts";
import { durationEnv, EnvError, knobEnv, tagSafe } from "./lib/env.ts";

const SERVICE = __ENV.DISRUPT_SERVICE || "workshop-app-v2";
const NAMESPACE = __ENV.DISRUPT_NAMESPACE || "workshop-app";
const DESTINATION = __ENV.DESTINATION || "v2";
const ERROR_RATE = knobEnv(__ENV, KNOBS.errorRate);
// 500, not 503: Istio's default retry policy retries 503, which would hide the fault.
const ERROR_CODE = knobEnv(__ENV, KNOBS.errorCode);
const TARGET_PORT = knobEnv(__ENV, KNOBS.targetPort);
const RATE = knobEnv(__ENV, KNOBS.disruptionRate);
const DURATION = durationEnv(__ENV, KNOBS.disruptionDurationS);
const WARMUP = durationEnv(__ENV, KNOBS.warmupS);
const DELTA = knobEnv(__ENV, KNOBS.disruptionDelta);
const ALPHA = knobEnv(__ENV, KNOBS.alpha);
const UNEXPECTED_BUDGET = knobEnv(__ENV, KNOBS.unexpectedBudget);
const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);

const profile = loadProfile();
const target = sectionTargets(profile, "canary").find((t) => DESTINATION in t.weights);
if (!target) throw new EnvError(`no canary target in the profile has destination ${DESTINATION}; set -e DESTINATION to one of its weights`);
tagSafe(target.name, "canary target name");
const weight = target.weights[DESTINATION]! / 100;
// With retries configured for ERROR_CODE the visible share is lower: say so with EXPECT_ERROR_RATE.
const EXPECTED = knobEnv(__ENV, KNOBS.expectErrorRate, weight * ERROR_RATE);
const plan = planBandShares({ injected: EXPECTED * 100, other: (1 - EXPECTED) * 100 }, { delta: DELTA, alpha: ALPHA });
if (RATE * DURATION.seconds < plan.requests * 1.1) {
  throw new EnvError(`RATE=${RATE} × DURATION=${DURATION.text} sends fewer than the ${plan.requests} requests this error-rate check needs (+10%); raise one of them`);
}
// The fault stays on until the traffic is over, with room for the agent's injection at the start.
const DISRUPT_FOR = `${Math.ceil(WARMUP.seconds + DURATION.seconds + 10)}s`;

const injected = new Rate("disruption_outcome");
const unexpected = new Rate("disruption_unexpected");
const requests = new Counter("disruption_requests");

const thresholds = shareThresholds(plan, "disruption_outcome", "disruption_requests");
export const options: Options = runOptions({
  scenarios: {
    disrupt: { executor: "shared-iterations", exec: "disrupt", vus: 1, iterations: 1, maxDuration: `${Math.ceil(WARMUP.seconds + DURATION.seconds + 120)}s` },
    traffic: {
      executor: "constant-arrival-rate",
      exec: "traffic",
      startTime: WARMUP.text,
      rate: RATE,
      timeUnit: "1s",
      duration: DURATION.text,
      preAllocatedVUs: Math.max(2, Math.ceil(RATE / 10)),
      maxVUs: 200,
    },
  },
  thresholds: {
    // Only the share of "injected" matters; "other" is its complement.
    "disruption_outcome{destination:injected}": thresholds["disruption_outcome{destination:injected}"]!,
    disruption_requests: thresholds.disruption_requests!,
    disruption_unexpected: [`rate<=${UNEXPECTED_BUDGET}`],
  },
}, tlsOptions(profile, sendsOf(profile, ["canary"])));

export function setup(): ReturnType<typeof setupData> {
  return setupData();
}

export function disrupt(): void {
  const disruptor = new ServiceDisruptor(SERVICE, NAMESPACE);
  console.info(`disruption: ${SERVICE}.${NAMESPACE} pods ${disruptor.targets().join(", ")} answer ${ERROR_CODE} to ${ERROR_RATE} of requests for ${DISRUPT_FOR}`);
  disruptor.injectHTTPFaults({ errorRate: ERROR_RATE, errorCode: ERROR_CODE, port: TARGET_PORT }, DISRUPT_FOR);
}

export function traffic(): void {
  const tags = { mc_check: "disruption", target: target!.name };
  const r = sendOne(profile, target!.vantage, { url: target!.url, method: "GET", headers: {}, ...(target!.host !== undefined ? { host: target!.host } : {}), timeoutMs: TIMEOUT_MS, tags });
  if ("broken" in r) {
    couldNotTest(`disruption ${target!.name}: ${r.broken}`);
    return;
  }
  const o = r.observation;
  const key = observedKey(o);
  const isInjected = o.kind === "response" && o.status === ERROR_CODE;
  const isWeighted = key.startsWith("dest:") && key.slice(5) in target!.weights;
  injected.add(isInjected, { ...tags, destination: "injected" });
  unexpected.add(!isInjected && !isWeighted, { ...tags, observed: key });
  requests.add(1, tags);
  check(key, { "answered by a weighted destination or the injected fault": () => isInjected || isWeighted }, tags);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs("disruption", profile.name, data, {
    fault: `${SERVICE}.${NAMESPACE}: ${ERROR_CODE} to ${ERROR_RATE} of requests on port ${TARGET_PORT} for ${DISRUPT_FOR}`,
    expectation: `${target!.name}: ${EXPECTED} of answers are the injected ${ERROR_CODE} (±${DELTA}); ${plan.requests}+ requests`,
  });
}
