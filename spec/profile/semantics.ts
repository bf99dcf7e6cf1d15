// What JSON Schema cannot express about a schema-valid profile: weights that sum to 100,
// vantage references that resolve, regexes that compile, admin endpoints on loopback, unique
// names, at least one check section, and a positive control for every check that expects
// refusals. One implementation for the harness and k6; what only one runtime can check (does a
// tls file exist, does the WHATWG URL parser accept a URL) comes in as `RuntimeChecks`, which
// k6 leaves out. Runtime-neutral: no Node, no k6, no npm.

import { isLoopbackHost } from "../echo/admin-host.ts";
import type { FieldPath, ProfileProblem } from "./field-path.ts";
import { PROFILE_SECTIONS } from "./schema.ts";
import type { TargetProfile } from "./types.ts";

export interface RuntimeChecks {
  /** Whether a tls vantage's cert, key or ca file exists (the harness; k6 reads them with open()). */
  fileExists?: (path: string) => boolean;
  /** Whether the runtime's URL parser accepts a URL (the harness's WHATWG URL; k6 has none). */
  urlParses?: (url: string) => boolean;
}

const WEIGHT_EPSILON = 1e-9;
const RESILIENCE_SECTIONS = ["timeouts", "retries", "faultInjection", "circuitBreaking", "outlierDetection", "disruption"] as const;

class Found {
  constructor(readonly problem: ProfileProblem) {}
}

/** The first semantic problem of a schema-valid profile, or undefined. */
export function semanticProblem(profile: TargetProfile, runtime: RuntimeChecks = {}): ProfileProblem | undefined {
  try {
    check(profile, runtime);
    return undefined;
  } catch (e) {
    if (e instanceof Found) return e.problem;
    throw e;
  }
}

/**
 * The host an http(s) URL names, as a WHATWG parser would find it for the URLs this can tell:
 * the authority ends at / \ ? or #, and the host follows its last @. Anything unusual (127.1,
 * percent-escapes, a trailing dot) is kept as written, so it is not a loopback name: this may
 * refuse an odd URL the harness's parser would map to loopback, never the other way round.
 */
function hostOf(url: string): string | undefined {
  const authority = /^https?:\/\/([^/\\?#]*)/i.exec(url)?.[1];
  return authority === undefined ? undefined : authority.slice(authority.lastIndexOf("@") + 1);
}

function check(profile: TargetProfile, runtime: RuntimeChecks): void {
  const fail = (path: FieldPath, problem: string, fix: string): never => {
    throw new Found({ path, problem, fix });
  };

  if (!PROFILE_SECTIONS.some((s) => (profile[s]?.length ?? 0) > 0)) {
    fail([], "no check section", `add at least one of: ${PROFILE_SECTIONS.join(", ")}`);
  }

  const checkUrl = (path: FieldPath, url: string): void => {
    if (runtime.urlParses !== undefined && !runtime.urlParses(url)) fail(path, `not a valid URL: ${url}`, "write e.g. http://127.0.0.1:8080/");
  };
  // A forwarder or control listener answers only a loopback Host (spec/echo/admin-host.ts):
  // anything else would be refused at the first request, so say so now.
  const checkAdminUrl = (path: FieldPath, url: string): void => {
    checkUrl(path, url);
    if (!isLoopbackHost(hostOf(url))) {
      fail(path, `admin endpoint ${url} is not on a loopback address`, "reach it through 127.0.0.1, localhost or [::1] (e.g. kubectl port-forward); it refuses any other Host");
    }
  };

  for (const [name, v] of Object.entries(profile.vantages)) {
    if (v.kind === "tls") {
      for (const field of ["cert", "key", "ca"] as const) {
        if (runtime.fileExists !== undefined && !runtime.fileExists(v[field])) {
          fail(["vantages", name, field], `file not found: ${v[field]}`, "give a path relative to the profile file or an absolute one");
        }
      }
    } else if (v.kind === "forwarder") {
      checkAdminUrl(["vantages", name, "url"], v.url);
    }
  }

  const checkVantage = (path: FieldPath, ref: string | undefined): void => {
    if (ref === undefined || Object.prototype.hasOwnProperty.call(profile.vantages, ref)) return;
    const known = Object.keys(profile.vantages);
    fail(path, `vantage ${JSON.stringify(ref)} is not defined`, known.length > 0 ? `define it under vantages or use one of: ${known.join(", ")}` : "define it under vantages");
  };
  const checkUniqueNames = (section: (typeof PROFILE_SECTIONS)[number], items: readonly { name: string }[]): void => {
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
  for (const section of RESILIENCE_SECTIONS) {
    const targets: readonly { name: string; url: string; vantage?: string }[] = profile[section] ?? [];
    targets.forEach((t, i) => {
      checkUrl([section, i, "url"], t.url);
      checkVantage([section, i, "vantage"], t.vantage);
    });
    checkUniqueNames(section, targets);
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
