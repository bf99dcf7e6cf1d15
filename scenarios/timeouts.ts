// timeouts.ts — VirtualService route timeouts, as the harness's route-timeout check: per target,
// the positive control (controlPath, answered well within the timeout) must get 2xx from the app,
// else the run aborts (exit 108: a route that cannot answer says nothing about its timeout).
// Then SLOW_REQUESTS requests to `path` (answered well after the timeout) go out at once, and
// while they are out controls go back to back (http.asyncRequest): their latencies are the
// slowness a late 504 is judged against (spec/timing/timeout-bounds.ts, the harness's rule). A 504
// `upstream request timeout` within [0.9 × timeout, timeout + max(100 ms, timeout/4)] passes;
// early, answered anyway (a mesh ignoring the timeout), or late beyond the slowness measured
// meanwhile fails (99); late within that slowness, or a control failing meanwhile, is
// could-not-test (108) — a busy machine never fails a conforming mesh.
//
//   k6 run -e PROFILE=/abs/profile.json [-e SLOW_REQUESTS=3] scenarios/timeouts.ts
//   exit 0 pass · 99 a slow request was not cut at the timeout · 108 could not test
import { check, sleep } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendAsync, sendOne, type SendResult } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotDecide, couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { observedKey, withPath } from "../spec/outcome.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "../spec/convergence.ts";
import { isAppAnswer, isTimeoutCut } from "../spec/resilience.ts";
import { addControl, judgeCuts, passBoundsMs, type ControlTimes, type CutJudgement } from "../spec/timing/timeout-bounds.ts";
import { knobEnv, tagSafe } from "./lib/env.ts";
import { KNOBS } from "../spec/knobs.ts";
import type { TimeoutTarget } from "../spec/profile/types.ts";

/** As the harness (TIMEOUT_SLOW_REQUESTS): one request could be cut by luck of scheduling; three at the same bound cannot. */
const SLOW_REQUESTS = knobEnv(__ENV, KNOBS.slowRequests);
const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);

const profile = loadProfile();
const targets = sectionTargets(profile, "timeouts").map((t) => ({ t, bounds: passBoundsMs(t.timeoutMs) }));
for (const { t } of targets) tagSafe(t.name, "timeouts target name");

const controlOk = new Rate("timeouts_control_ok");
// Per target, the judgement drawn from the slow requests and the controls sent meanwhile (not a fail).
const judged = new Rate("timeouts_judged");
// Every slow request's latency, 504 or not: early is proof under any load, so its minimum is a
// static threshold; lateness depends on the slowness measured meanwhile, so it is judged above.
const slowLatency = new Trend("timeouts_slow_latency", true);
const requests = new Counter("timeouts_requests");

export const options: Options = runOptions({
  scenarios: { timeouts: { executor: "per-vu-iterations", vus: 1, iterations: 1, maxDuration: "5m" } },
  setupTimeout: "2m",
  thresholds: {
    timeouts_control_ok: ["rate==1"],
    ...Object.fromEntries(
      targets.flatMap(({ t, bounds }) => [
        [`timeouts_judged{target:${t.name}}`, ["rate==1"]],
        [`timeouts_slow_latency{target:${t.name}}`, [`min>=${bounds[0]}`]],
        [`timeouts_requests{target:${t.name}}`, [`count>=${SLOW_REQUESTS}`]],
      ]),
    ),
  },
}, tlsOptions(profile, sendsOf(profile, ["timeouts"])));

const ask = (t: TimeoutTarget, path: string, timeoutMs: number, tags: Record<string, string>) => ({
  url: withPath(t.url, path),
  method: "GET",
  headers: {},
  ...(t.host !== undefined ? { host: t.host } : {}),
  timeoutMs,
  tags,
});

export function setup(): ReturnType<typeof setupData> {
  for (const { t } of targets) {
    // The control doubles as the convergence probe, as in the harness: 3 app answers in a row.
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, t.controlPath, TIMEOUT_MS, { mc_check: "route-timeout", target: t.name, phase: "converge" }));
        if ("broken" in r) couldNotTest(`timeouts ${t.name}: ${r.broken}`);
        return "broken" in r ? "error:OTHER" : isAppAnswer(r.observation) ? "app" : observedKey(r.observation);
      },
      (key) => key === "app",
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged) couldNotTest(`timeouts ${t.name}: positive control ${t.controlPath} never answered 2xx from the app 3 times in a row (last: ${result.last}): cannot tell a timeout from a broken route`);
  }
  return setupData();
}

async function judgeTarget(t: TimeoutTarget, bounds: [number, number]): Promise<CutJudgement | undefined> {
  const tags = { mc_check: "route-timeout", target: t.name };
  const c = sendOne(profile, t.vantage, ask(t, t.controlPath, TIMEOUT_MS, { ...tags, role: "control" }));
  if ("broken" in c) return void couldNotTest(`timeouts ${t.name}: control ${c.broken}`);
  const ok = isAppAnswer(c.observation);
  controlOk.add(ok, { ...tags, observed: observedKey(c.observation) });
  if (!ok) return void couldNotTest(`timeouts ${t.name}: positive control ${t.controlPath} got ${observedKey(c.observation)}, expected 2xx from the app — cannot tell a timeout from a broken route`);

  // k6 must outwait the slowest verdict it could still reach, or its own timeout would be mistaken for the mesh's.
  const slowTimeout = Math.max(TIMEOUT_MS, 2 * bounds[1] + 1_000);
  const controls: ControlTimes & { answered: number } = { requests: 0, totalMs: 0, minLatencyMs: 0, answered: 0 };
  let out = true;
  const slowDone: Promise<SendResult> = sendAsync(profile, t.vantage, { ...ask(t, t.path, slowTimeout, { ...tags, role: "slow" }), count: SLOW_REQUESTS, concurrency: SLOW_REQUESTS });
  const meanwhile = (async () => {
    while (out) {
      const r = await sendAsync(profile, t.vantage, { ...ask(t, t.controlPath, slowTimeout, { ...tags, role: "during" }), count: 1 });
      const [o] = "broken" in r ? [] : r.observations;
      if (!o) break;
      addControl(controls, o.latencyMs ?? slowTimeout);
      if (isAppAnswer(o)) controls.answered++;
    }
  })();
  const s = await slowDone;
  out = false;
  await meanwhile;
  if ("broken" in s) return void couldNotTest(`timeouts ${t.name}: slow ${s.broken}`);
  const slow = s.observations.map((o) => ({
    key: observedKey(o),
    latencyMs: o.latencyMs,
    cut: isTimeoutCut(o),
    answered: o.kind === "response" && o.status >= 200 && o.status < 300,
    clientTimeout: o.kind === "error" && o.code === "TIMEOUT",
  }));
  for (const o of s.observations) {
    if (o.latencyMs !== undefined) slowLatency.add(o.latencyMs, tags);
    requests.add(1, tags);
  }
  const j = judgeCuts(t.timeoutMs, slow, controls);
  judged.add(j.status !== "fail", tags);
  check(j, { [`${t.name}: ${j.status}: ${j.why}`]: () => j.status !== "fail" }, tags);
  return j;
}

export default async function (): Promise<void> {
  const judgements: { name: string; j: CutJudgement | undefined }[] = [];
  for (const { t, bounds } of targets) judgements.push({ name: t.name, j: await judgeTarget(t, bounds) });
  // A fail stands (k6 exits 99 on timeouts_judged); with none, a cut that slowness could explain makes the run could-not-test.
  const undecided = judgements.filter((x) => x.j?.status === "inconclusive");
  if (!judgements.some((x) => x.j?.status === "fail") && undecided.length > 0) {
    couldNotDecide(`timeouts: could not test: ${undecided.map((x) => `${x.name}: ${x.j?.why}`).join("; ")}`);
  }
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(
    targets.map(({ t, bounds }) => [`target ${t.name}`, `timeout ${t.timeoutMs} ms; control ${t.controlPath} → 2xx; ${SLOW_REQUESTS} × ${t.path} → 504 in [${bounds[0]}, ${bounds[1]}] ms, later only within the slowness back-to-back controls measured meanwhile (then could-not-test)`]),
  );
  return summaryOutputs("timeouts", profile.name, data, legend);
}
