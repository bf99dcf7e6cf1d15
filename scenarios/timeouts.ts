// timeouts.ts — VirtualService route timeouts, as the harness's route-timeout check: per target,
// the positive control (controlPath, answered well within the timeout) must get 2xx from the app,
// else the run aborts (exit 108: a route that cannot answer says nothing about its timeout).
// Then SLOW_REQUESTS requests to `path` (answered well after the timeout; a forwarder vantage
// sends them at once, k6's own client one after another) must each get Envoy's
// 504 `upstream request timeout` within [0.9 × timeout, timeout + max(500 ms, timeout)]
// (lib/resilience.ts). A mesh ignoring the timeout answers 2xx at the upstream's delay and
// breaches both the per-request rate and the latency bounds.
//
//   k6 run -e PROFILE=/abs/profile.json [-e SLOW_REQUESTS=3] scenarios/timeouts.ts
//   exit 0 pass · 99 a slow request was not cut at the timeout · 108 could not test
import { check, sleep } from "k6";
import exec from "k6/execution";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { send, sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { sectionTargets } from "./lib/profile.ts";
import { observedKey, withPath } from "./lib/observe.ts";
import { awaitConvergence, CONVERGE_DEFAULTS } from "./lib/converge.ts";
import { isAppAnswer, isTimeoutCut, timeoutBoundsMs, TIMEOUT_BODY } from "./lib/resilience.ts";
import { numberEnv, tagSafe } from "./lib/env.ts";
import type { TimeoutTarget } from "../harness/profile/types.ts";

/** As the harness (TIMEOUT_SLOW_REQUESTS): one request could be cut by luck of scheduling; three at the same bound cannot. */
const SLOW_REQUESTS = numberEnv(__ENV, "SLOW_REQUESTS", 3, { min: 1, max: 100, integer: true });
const TIMEOUT_MS = numberEnv(__ENV, "TIMEOUT_MS", 5_000, { min: 1, max: 60_000, integer: true });

const profile = loadProfile();
const targets = sectionTargets(profile, "timeouts").map((t) => ({ t, bounds: timeoutBoundsMs(t.timeoutMs) }));
for (const { t } of targets) tagSafe(t.name, "timeouts target name");

const controlOk = new Rate("timeouts_control_ok");
const cut = new Rate("timeouts_cut");
// Every slow request's latency, 504 or not: a Trend of only the 504s would be empty — and judge
// nothing — exactly when the mesh ignores the timeout.
const slowLatency = new Trend("timeouts_slow_latency", true);
const requests = new Counter("timeouts_requests");

export const options: Options = {
  scenarios: { timeouts: { executor: "per-vu-iterations", vus: 1, iterations: 1, maxDuration: "5m" } },
  setupTimeout: "2m",
  thresholds: {
    timeouts_control_ok: ["rate==1"],
    timeouts_cut: ["rate==1"],
    ...Object.fromEntries(
      targets.flatMap(({ t, bounds }) => [
        [`timeouts_slow_latency{target:${t.name}}`, [`min>=${bounds[0]}`, `max<=${bounds[1]}`]],
        [`timeouts_requests{target:${t.name}}`, [`count>=${SLOW_REQUESTS}`]],
      ]),
    ),
  },
};

const ask = (t: TimeoutTarget, path: string, timeoutMs: number, tags: Record<string, string>) => ({
  url: withPath(t.url, path),
  method: "GET",
  headers: {},
  ...(t.host !== undefined ? { host: t.host } : {}),
  timeoutMs,
  tags,
});

export function setup(): void {
  for (const { t } of targets) {
    requests.add(0, { check: "route-timeout", target: t.name });
    // The control doubles as the convergence probe, as in the harness: 3 app answers in a row.
    const result = awaitConvergence(
      () => {
        const r = sendOne(profile, t.vantage, ask(t, t.controlPath, TIMEOUT_MS, { check: "route-timeout", target: t.name, phase: "converge" }));
        if ("broken" in r) exec.test.abort(`timeouts ${t.name}: ${r.broken}`);
        return "broken" in r ? "error:OTHER" : isAppAnswer(r.observation) ? "app" : observedKey(r.observation);
      },
      (key) => key === "app",
      { ...CONVERGE_DEFAULTS, now: () => Date.now(), sleep },
    );
    if (!result.converged) exec.test.abort(`timeouts ${t.name}: positive control ${t.controlPath} never answered 2xx from the app 3 times in a row (last: ${result.last}): cannot tell a timeout from a broken route`);
  }
}

export default function (): void {
  for (const { t, bounds } of targets) {
    const tags = { check: "route-timeout", target: t.name };
    const c = sendOne(profile, t.vantage, ask(t, t.controlPath, TIMEOUT_MS, { ...tags, role: "control" }));
    if ("broken" in c) return exec.test.abort(`timeouts ${t.name}: control ${c.broken}`);
    const ok = isAppAnswer(c.observation);
    controlOk.add(ok, { ...tags, observed: observedKey(c.observation) });
    if (!ok) return exec.test.abort(`timeouts ${t.name}: positive control ${t.controlPath} got ${observedKey(c.observation)}, expected 2xx from the app — cannot tell a timeout from a broken route`);

    // k6 must outwait the upper bound, or its own timeout would be mistaken for the mesh's.
    const s = send(profile, t.vantage, { ...ask(t, t.path, Math.max(TIMEOUT_MS, bounds[1] + 1_000), { ...tags, role: "slow" }), count: SLOW_REQUESTS, concurrency: SLOW_REQUESTS });
    if ("broken" in s) return exec.test.abort(`timeouts ${t.name}: slow ${s.broken}`);
    for (const o of s.observations) {
      const good = isTimeoutCut(o, bounds);
      cut.add(good, { ...tags, observed: observedKey(o) });
      if (o.latencyMs !== undefined) slowLatency.add(o.latencyMs, tags);
      requests.add(1, tags);
      check(o, { [`${t.name}: 504 "${TIMEOUT_BODY}" after ${bounds[0]}–${bounds[1]} ms`]: () => good }, tags);
    }
  }
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(
    targets.map(({ t, bounds }) => [`target ${t.name}`, `timeout ${t.timeoutMs} ms; control ${t.controlPath} → 2xx; ${SLOW_REQUESTS} × ${t.path} → 504 in [${bounds[0]}, ${bounds[1]}] ms`]),
  );
  return summaryOutputs("timeouts", profile.name, data, legend);
}
