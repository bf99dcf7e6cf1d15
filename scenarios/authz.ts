// authz.ts — the authorization policy, as the harness's authz-policy check: the allowed
// vantages' allowed methods get 2xx (positive controls, sent first), everything the policy
// denies gets 403 (Envoy RBAC). A failed control aborts the run (exit 108): a service that is
// down must never look secure.
//
//   k6 run -e PROFILE=/abs/profile.json scenarios/authz.ts
//   exit 0 pass · 99 a denied request was not refused · 108 could not test
import { check } from "k6";
import { Counter, Rate } from "k6/metrics";
import type { Options } from "k6/options";
import { loadProfile } from "./k6/profile.ts";
import { sendOne } from "./k6/send.ts";
import { summaryOutputs } from "./k6/report.ts";
import { couldNotTest } from "./k6/abort.ts";
import { runOptions, setupData } from "./k6/run-options.ts";
import { tlsOptions } from "./k6/tls.ts";
import { sendsOf } from "./lib/tls-plan.ts";
import { sectionTargets } from "./lib/profile.ts";
import { is2xx, observedKey, withPath } from "../spec/outcome.ts";
import { knobEnv, tagSafe } from "./lib/env.ts";
import { KNOBS } from "../spec/knobs.ts";
import type { AuthzRequestSet, AuthzTarget } from "../spec/profile/types.ts";

const TIMEOUT_MS = knobEnv(__ENV, KNOBS.requestTimeoutMs);
const profile = loadProfile();
const targets = sectionTargets(profile, "authz");
for (const t of targets) tagSafe(t.name, "authz target name");

const count = (sets: AuthzRequestSet[]) => sets.reduce((n, s) => n + s.methods.length, 0);
const TOTAL = targets.reduce((n, t) => n + count(t.allow) + count(t.deny), 0);

const allowed = new Rate("authz_allowed");
const denied = new Rate("authz_denied");
const requests = new Counter("authz_requests");

export const options: Options = runOptions({
  scenarios: { authz: { executor: "per-vu-iterations", vus: 1, iterations: 1, maxDuration: "2m" } },
  thresholds: {
    authz_allowed: ["rate==1"],
    authz_denied: ["rate==1"],
    authz_requests: [`count>=${TOTAL}`],
  },
}, tlsOptions(profile, sendsOf(profile, ["authz"])));

export function setup(): ReturnType<typeof setupData> {
  return setupData();
}

function probe(t: AuthzTarget, set: AuthzRequestSet, method: string, expect: "allow" | "deny") {
  const tags = { mc_check: "authz-policy", target: t.name, vantage: set.vantage, method, expect };
  const r = sendOne(profile, set.vantage, { url: withPath(t.url, set.path ?? "/"), method, headers: {}, timeoutMs: TIMEOUT_MS, tags });
  if ("broken" in r) {
    couldNotTest(`authz ${t.name}: ${r.broken}`);
    return undefined;
  }
  const o = r.observation;
  const ok = expect === "allow" ? is2xx(o) : o.kind === "response" && o.status === 403;
  requests.add(1, tags);
  check(o, { [`${t.name}: ${set.vantage} ${method} → ${expect === "allow" ? "2xx" : "403"}`]: () => ok }, tags);
  return { ok, key: observedKey(o), tags };
}

export default function (): void {
  for (const t of targets) {
    for (const set of t.allow) {
      for (const m of set.methods) {
        const r = probe(t, set, m, "allow");
        if (!r) return;
        allowed.add(r.ok, r.tags);
        if (!r.ok) return couldNotTest(`authz ${t.name}: positive control failed: ${set.vantage} ${m} got ${r.key}, expected 2xx — cannot tell a deny from a broken path`);
      }
    }
    for (const set of t.deny) {
      for (const m of set.methods) {
        const r = probe(t, set, m, "deny");
        if (!r) return;
        denied.add(r.ok, { ...r.tags, observed: r.key });
      }
    }
  }
}

export function handleSummary(data: unknown): Record<string, string> {
  const legend = Object.fromEntries(
    targets.map((t) => [
      `target ${t.name}`,
      `allow ${t.allow.map((s) => `${s.vantage} ${s.methods.join("/")}`).join(", ") || "none"}; deny ${t.deny.map((s) => `${s.vantage} ${s.methods.join("/")}`).join(", ") || "none"}`,
    ]),
  );
  return summaryOutputs("authz", profile.name, data, legend);
}
