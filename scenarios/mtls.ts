// mtls.ts — STRICT mTLS, as the harness's mtls-strict check: first the positive control (an
// in-mesh call from the control vantage succeeds and the app sees the caller's SPIFFE ID), then
// PLAINTEXT_ATTEMPTS plaintext requests, each on a new connection, that must get no HTTP answer
// at all — only a connection reset, an EOF or a TLS failure. A failed control, or a plaintext
// "rejection" that is really nothing listening or a timeout, proves nothing: the run aborts
// (exit 108) instead of passing or failing.
//
//   k6 run -e PROFILE=/abs/profile.json scenarios/mtls.ts
//   exit 0 pass · 99 plaintext got an HTTP answer · 108 could not test
import { check } from "k6";
import { Counter, Rate } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { send } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { is2xx, isConnectionReject, observedKey } from "../spec/outcome.ts";
import { knobEnv, tagSafe } from "./lib/env.ts";
import { KNOBS } from "../spec/knobs.ts";

/** Plaintext attempts, each on a new connection, so one lucky connection cannot hide a leak. */
const PLAINTEXT_ATTEMPTS = knobEnv(__ENV, KNOBS.plaintextAttempts);
const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);

const profile = loadProfile();
const targets = sectionTargets(profile, "mtls");
for (const t of targets) tagSafe(t.name, "mtls target name");

const controlOk = new Rate("mtls_control_ok");
const rejected = new Rate("mtls_plaintext_rejected");
const requests = new Counter("mtls_requests");

export const options: Options = runOptions({
  // Direct plaintext attempts must each open a new connection, as the forwarder's do.
  noConnectionReuse: true,
  scenarios: { mtls: { executor: "per-vu-iterations", vus: 1, iterations: 1, maxDuration: "2m" } },
  thresholds: {
    mtls_control_ok: ["rate==1"],
    mtls_plaintext_rejected: ["rate==1"],
    mtls_requests: [`count>=${targets.length * (1 + PLAINTEXT_ATTEMPTS)}`],
  },
}, tlsOptions(profile, sendsOf(profile, ["mtls"])));

export function setup(): ReturnType<typeof setupData> {
  return setupData();
}

export default function (): void {
  for (const t of targets) {
    const tags = { mc_check: "mtls-strict", target: t.name };
    const v = profile.vantages[t.control.vantage];
    const wantCaller = v?.kind === "forwarder" ? v.identity : undefined;

    const c = send(profile, t.control.vantage, { url: t.control.url, method: "GET", headers: {}, count: 1, timeoutMs: TIMEOUT_MS, tags: { ...tags, role: "control" } });
    if ("broken" in c) return couldNotTest(`mtls ${t.name}: control ${c.broken}`);
    const control = c.observations[0]!;
    const caller = control.kind === "response" ? control.caller : undefined;
    const ok = is2xx(control) && caller !== undefined && (wantCaller === undefined || caller === wantCaller);
    controlOk.add(ok, { ...tags, role: "control" });
    requests.add(1, { ...tags, role: "control" });
    check(control, { [`${t.name}: in-mesh call succeeds as ${wantCaller ?? "a SPIFFE ID"}`]: () => ok }, tags);
    if (!ok) {
      const why = is2xx(control) ? `the app saw caller ${caller ?? "none"}` : `got ${observedKey(control)}`;
      return couldNotTest(`mtls ${t.name}: positive control failed (${why}): cannot tell mTLS enforcement from a broken path`);
    }

    const p = send(profile, t.plaintext.vantage, {
      url: t.plaintext.url,
      method: "GET",
      headers: {},
      count: PLAINTEXT_ATTEMPTS,
      timeoutMs: TIMEOUT_MS,
      newConnectionPerRequest: true,
      tags: { ...tags, role: "plaintext" },
    });
    if ("broken" in p) return couldNotTest(`mtls ${t.name}: plaintext ${p.broken}`);
    for (const o of p.observations) {
      const key = observedKey(o);
      if (o.kind === "error" && !isConnectionReject(o)) {
        return couldNotTest(`mtls ${t.name}: plaintext got ${key}: not a rejection by the workload (nothing listening, or a timeout), so it proves nothing`);
      }
      // Any HTTP answer — even a 403 from the authorization policy — means plaintext was accepted.
      rejected.add(isConnectionReject(o), { ...tags, role: "plaintext", observed: key });
      requests.add(1, { ...tags, role: "plaintext" });
      check(o, { [`${t.name}: plaintext refused at the connection`]: () => isConnectionReject(o) }, tags);
    }
  }
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(targets.map((t) => [`target ${t.name}`, `control ${t.control.vantage} → ${t.control.url}; plaintext ${t.plaintext.vantage ?? "direct"} → ${t.plaintext.url} ×${PLAINTEXT_ATTEMPTS}`]));
  return summaryOutputs("mtls", profile.name, data, legend);
}
