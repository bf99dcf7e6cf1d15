// Checks a schema-valid profile for what JSON Schema cannot express: weights that sum to
// 100, vantage references that resolve, regexes that compile, certificate files that exist,
// parseable URLs, admin endpoints on loopback, unique names, at least one check section, and a
// positive control for every check that expects refusals.

import { statSync } from "node:fs";
import { isLoopbackHost } from "../../apps/echo/src/admin-guard.js";
import { formatPath, ProfileError } from "./profile-error.js";
import type { TargetProfile } from "../../spec/profile/types.js";

type Path = (string | number)[];

const WEIGHT_EPSILON = 1e-9;
const SECTIONS = ["routing", "canary", "mtls", "authz", "timeouts", "retries", "faultInjection", "circuitBreaking", "outlierDetection", "disruption"] as const;

export function checkSemantics(profile: TargetProfile, source: string): void {
  const fail = (path: Path, problem: string, fix: string): never => {
    throw new ProfileError(source, formatPath(path), problem, fix);
  };

  if (!SECTIONS.some((s) => (profile[s]?.length ?? 0) > 0)) {
    fail([], "no check section", `add at least one of: ${SECTIONS.join(", ")}`);
  }

  for (const [name, v] of Object.entries(profile.vantages)) {
    if (v.kind === "tls") {
      for (const field of ["cert", "key", "ca"] as const) {
        if (!isFile(v[field])) {
          fail(["vantages", name, field], `file not found: ${v[field]}`, "give a path relative to the profile file or an absolute one");
        }
      }
    } else if (v.kind === "forwarder") {
      checkAdminUrl(["vantages", name, "url"], v.url);
    }
  }

  const checkVantage = (path: Path, ref: string | undefined): void => {
    if (ref === undefined || ref in profile.vantages) return;
    const known = Object.keys(profile.vantages);
    fail(path, `vantage ${JSON.stringify(ref)} is not defined`, known.length > 0 ? `define it under vantages or use one of: ${known.join(", ")}` : "define it under vantages");
  };
  function checkUrl(path: Path, url: string): void {
    if (!URL.canParse(url)) fail(path, `not a valid URL: ${url}`, "write e.g. http://127.0.0.1:8080/");
  }
  // A forwarder or control listener answers only a loopback Host (admin-guard.ts): anything else
  // would be refused at the first request, so say so now.
  function checkAdminUrl(path: Path, url: string): void {
    checkUrl(path, url);
    if (!isLoopbackHost(new URL(url).host)) {
      fail(path, `admin endpoint ${url} is not on a loopback address`, "reach it through 127.0.0.1, localhost or [::1] (e.g. kubectl port-forward); it refuses any other Host");
    }
  }
  const checkUniqueNames = (section: (typeof SECTIONS)[number], items: readonly { name: string }[]): void => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.name)) fail([section, i, "name"], `duplicate name ${JSON.stringify(item.name)}`, "give each entry its own name");
      seen.add(item.name);
    });
  };

  (profile.routing ?? []).forEach((r, i) => {
    checkUrl(["routing", i, "url"], r.url);
    checkVantage(["routing", i, "vantage"], r.vantage);
    r.rules.forEach((rule, j) => {
      for (const [header, m] of Object.entries(rule.match?.headers ?? {})) {
        if (m.regex === undefined) continue;
        try {
          new RegExp(m.regex);
        } catch (e) {
          fail(["routing", i, "rules", j, "match", "headers", header, "regex"], `regex does not compile: ${(e as Error).message}`, "fix the regular expression");
        }
      }
    });
  });
  checkUniqueNames("routing", profile.routing ?? []);

  (profile.canary ?? []).forEach((c, i) => {
    checkUrl(["canary", i, "url"], c.url);
    checkVantage(["canary", i, "vantage"], c.vantage);
    const sum = Object.values(c.weights).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > WEIGHT_EPSILON) {
      fail(["canary", i, "weights"], `weights sum to ${sum}, not 100`, "make the percentages add up to 100");
    }
  });
  checkUniqueNames("canary", profile.canary ?? []);

  (profile.mtls ?? []).forEach((m, i) => {
    checkUrl(["mtls", i, "plaintext", "url"], m.plaintext.url);
    if (!m.plaintext.url.startsWith("http://")) {
      fail(["mtls", i, "plaintext", "url"], "must be a plain http:// URL", "the plaintext probe must not use TLS");
    }
    checkVantage(["mtls", i, "plaintext", "vantage"], m.plaintext.vantage);
    checkUrl(["mtls", i, "control", "url"], m.control.url);
    checkVantage(["mtls", i, "control", "vantage"], m.control.vantage);
  });
  checkUniqueNames("mtls", profile.mtls ?? []);

  (profile.authz ?? []).forEach((a, i) => {
    checkUrl(["authz", i, "url"], a.url);
    for (const list of ["allow", "deny"] as const) {
      a[list].forEach((set, j) => checkVantage(["authz", i, list, j, "vantage"], set.vantage));
    }
    // A deny seen without an allow proves nothing: a target that refuses everything (or is
    // down behind a 403) would pass. The allow entries are the check's positive control.
    if (a.allow.length === 0) fail(["authz", i, "allow"], "no allowed request, so a target that refuses everything would pass", "add at least one allow entry (the positive control), e.g. { vantage: app, methods: [GET] }");
    if (a.deny.length === 0) fail(["authz", i, "deny"], "no denied request, so the policy is never tested", "add at least one deny entry");
  });
  checkUniqueNames("authz", profile.authz ?? []);

  // Resilience targets: where they send and from where; what they expect is checked by the schema.
  for (const section of ["timeouts", "retries", "faultInjection", "circuitBreaking", "outlierDetection", "disruption"] as const) {
    (profile[section] ?? []).forEach((t, i) => {
      checkUrl([section, i, "url"], t.url);
      checkVantage([section, i, "vantage"], t.vantage);
    });
    checkUniqueNames(section, profile[section] ?? []);
  }
  (profile.retries ?? []).forEach((r, i) => {
    if (r.failRatio <= 0 || r.failRatio >= 1) {
      fail(["retries", i, "failRatio"], `failRatio ${r.failRatio} proves nothing about retries`, "use a ratio strictly between 0 and 1, e.g. 0.5");
    }
  });
  (profile.outlierDetection ?? []).forEach((o, i) => {
    // Ejection is only visible if something fails and something else keeps answering.
    if (!o.endpoints.some((e) => e.failRatio > 0) || !o.endpoints.some((e) => e.failRatio === 0)) {
      fail(["outlierDetection", i, "endpoints"], "needs at least one failing (failRatio > 0) and one healthy (failRatio 0) endpoint", "list the destinations behind the host and what share each fails");
    }
  });
  (profile.disruption ?? []).forEach((d, i) => {
    if (d.restart.kind === "local") checkAdminUrl(["disruption", i, "restart", "url"], d.restart.url);
  });
  (profile.faultInjection ?? []).forEach((f, i) => {
    if (!f.abort && !f.delay) fail(["faultInjection", i], "neither abort nor delay", "state the abort and/or delay the route injects");
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
