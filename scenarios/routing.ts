// routing.ts — header routing, as the harness's header-routing check: every generated case
// (match, name case, value case, near misses, absent header) is answered by the destination
// the rules name, REQUESTS_PER_CASE times, zero tolerance. The verdict is the thresholds.
//
//   k6 run -e PROFILE=/abs/profile.json scenarios/routing.ts
//   exit 0 pass · 99 a case misrouted · 108 could not test (unreachable, broken vantage)
import { check } from "k6";
import exec from "k6/execution";
import { Counter, Rate, Trend } from "k6/metrics";
import { sleep } from "k6";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { generateHeaderCases, type HeaderCase } from "../spec/route-match.ts";
import { observedKey } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { isNoAnswer } from "../spec/outcome.ts";
import { knobEnv, tagSafe } from "./lib/env.ts";
import { KNOBS } from "../spec/knobs.ts";
import type { RoutingTarget } from "../spec/profile/types.ts";

const profile = loadProfile();
const PER_CASE = knobEnv(__ENV, KNOBS.requestsPerCase);
const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);

interface PlannedCase {
  target: RoutingTarget;
  case: HeaderCase;
  /** Tag value naming the case in thresholds: "<target>.<index>". */
  tag: string;
}

const planned: PlannedCase[] = sectionTargets(profile, "routing").flatMap((target) => {
  tagSafe(target.name, "routing target name");
  const { cases, problems } = generateHeaderCases(target.rules);
  if (problems.length > 0) throw new Error(`routing ${target.name}: ${problems.join("; ")}`);
  return cases.map((c, i) => ({ target, case: c, tag: `${target.name}.${i}` }));
});
const TOTAL = planned.length * PER_CASE;

const correct = new Rate("routing_correct");
const requests = new Counter("routing_requests");
const latency = new Trend("routing_latency", true);

export const options: Options = runOptions({
  setupTimeout: "2m",
  scenarios: {
    routing: { executor: "shared-iterations", vus: Math.min(4, TOTAL), iterations: TOTAL, maxDuration: "10m" },
  },
  thresholds: {
    routing_correct: ["rate==1"],
    // A run that sent less than the plan (aborted, timed out) must not pass on what it did send.
    routing_requests: [`count>=${TOTAL}`],
    ...Object.fromEntries(planned.map((p) => [`routing_correct{case:${p.tag}}`, ["rate==1"]])),
  },
}, tlsOptions(profile, sendsOf(profile, ["routing"])));

const baseTags = (p: PlannedCase) => ({ mc_check: "header-routing", target: p.target.name, case: p.tag });

/** Wait for each target's first case to answer as expected 3 times in a row before sampling. */
export function setup(): ReturnType<typeof setupData> {
  const firsts = new Map<string, PlannedCase>();
  for (const p of planned) if (!firsts.has(p.target.name)) firsts.set(p.target.name, p);
  for (const p of firsts.values()) {
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, p.target.vantage, { url: p.target.url, method: "GET", headers: p.case.headers, ...host(p), timeoutMs: TIMEOUT_MS, tags: { ...baseTags(p), phase: "converge" } });
        if ("broken" in r) couldNotTest(`routing ${p.target.name}: ${r.broken}`);
        return "broken" in r ? "error:OTHER" : observedKey(r.observation);
      },
      (key) => key === p.case.expected,
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged && isNoAnswer(result.last)) {
      couldNotTest(`routing ${p.target.name}: "${p.case.name}" never got an HTTP answer (last: ${result.last}): target unreachable, nothing tested`);
    }
    if (!result.converged) console.warn(`routing ${p.target.name}: "${p.case.name}" never answered ${p.case.expected} 3 times in a row (last: ${result.last}); sampling anyway`);
  }
  return setupData();
}

function host(p: PlannedCase): { host?: string } {
  return p.target.host !== undefined ? { host: p.target.host } : {};
}

export default function (): void {
  // shared-iterations hands out each iteration number once, so every case gets exactly PER_CASE requests.
  const p = planned[exec.scenario.iterationInTest % planned.length]!;
  const tags = baseTags(p);
  const r = sendOne(profile, p.target.vantage, { url: p.target.url, method: "GET", headers: p.case.headers, ...host(p), timeoutMs: TIMEOUT_MS, tags });
  if ("broken" in r) {
    couldNotTest(`routing ${p.target.name}: ${r.broken}`);
    return;
  }
  const key = observedKey(r.observation);
  const ok = key === p.case.expected;
  const sampleTags = { ...tags, expected: p.case.expected.replace(/^dest:/, "") };
  correct.add(ok, sampleTags);
  requests.add(1, sampleTags);
  if (r.observation.latencyMs !== undefined) latency.add(r.observation.latencyMs, sampleTags);
  check(key, { [`${p.target.name}: ${p.case.name} → ${p.case.expected}`]: (k) => k === p.case.expected }, sampleTags);
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(planned.map((p) => [`case ${p.tag}`, `${p.case.name} → ${p.case.expected} (headers ${JSON.stringify(p.case.headers)})`]));
  return summaryOutputs("routing", profile.name, data, legend);
}
