// What load.ts sends: every routing case (each with the destination its rules expect) and
// every canary target (any weighted destination is right), rotated request by request, so a
// soak or an upgrade run notices a misroute or an outage as well as slowness.
// Runtime-neutral; the header cases come in as a function so this file has no runtime imports.

import type { RouteRule, TargetProfile } from "../../spec/profile/types.js";
import type { HeaderCase } from "../../spec/route-match.js";

export interface LoadTarget {
  /** Stable tag value: routing target name + case index, or canary target name. */
  name: string;
  description: string;
  url: string;
  host?: string;
  vantage?: string;
  headers: Record<string, string>;
  /** Observed keys that count as right ("dest:v1", "status:404"). */
  expect: string[];
}

export type CaseGenerator = (rules: RouteRule[]) => { cases: HeaderCase[]; problems: string[] };

export function loadTargets(profile: TargetProfile, generate: CaseGenerator): LoadTarget[] {
  const out: LoadTarget[] = [];
  for (const t of profile.routing ?? []) {
    const { cases, problems } = generate(t.rules);
    if (problems.length > 0) throw new Error(`routing ${t.name}: ${problems.join("; ")}`);
    cases.forEach((c, i) =>
      out.push({
        name: `${t.name}.${i}`,
        description: `${t.name}: ${c.name}`,
        url: t.url,
        ...(t.host !== undefined ? { host: t.host } : {}),
        ...(t.vantage !== undefined ? { vantage: t.vantage } : {}),
        headers: c.headers,
        expect: [c.expected],
      }),
    );
  }
  for (const t of profile.canary ?? []) {
    out.push({
      name: t.name,
      description: `${t.name}: weighted ${Object.entries(t.weights).map(([d, w]) => `${d} ${w}%`).join(", ")}`,
      url: t.url,
      ...(t.host !== undefined ? { host: t.host } : {}),
      ...(t.vantage !== undefined ? { vantage: t.vantage } : {}),
      headers: {},
      expect: Object.entries(t.weights)
        .filter(([, w]) => w > 0)
        .map(([d]) => `dest:${d}`),
    });
  }
  if (out.length === 0) throw new Error(`profile ${JSON.stringify(profile.name)} has no routing or canary section: nothing for load.ts to send`);
  return out;
}

/**
 * The fewest requests a run must complete: `fraction` of rate × duration, split over the k6
 * instances (the k6 operator gives each of N runners 1/N of the arrival rate, and each runner
 * evaluates its own thresholds).
 */
export function minimumRequests(rate: number, seconds: number, instances: number, fraction = 0.9): number {
  return Math.max(1, Math.floor((rate * seconds * fraction) / Math.max(1, instances)));
}

/**
 * One target per distinct place load.ts sends to (vantage, URL, Host), probed before the
 * traffic: a target that gives no HTTP answer at all is could-not-test (108), not an error
 * budget spent.
 */
export function reachabilityProbes(targets: readonly LoadTarget[]): LoadTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = JSON.stringify([t.vantage ?? "", t.url, t.host ?? ""]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
