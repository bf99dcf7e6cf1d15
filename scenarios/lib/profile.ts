// Reading the target profile in k6: k6 has no YAML parser and no ajv, so the scenarios take the
// JSON form and check, by hand, the fields they use — with the path of a bad field in the
// message, like the harness's schema errors. Runtime-neutral (no Node, no npm, no runtime imports).

import type {
  AuthzRequestSet,
  AuthzTarget,
  CanaryTarget,
  FaultInjectionTarget,
  IdentifyRule,
  MtlsTarget,
  RetriesTarget,
  RouteRule,
  RoutingTarget,
  StringMatch,
  TargetProfile,
  TimeoutTarget,
  Vantage,
} from "../../spec/profile/types.js";

export class ProfileError extends Error {
  override name = "ProfileError";
}

export type Section = "routing" | "canary" | "mtls" | "authz" | "timeouts" | "retries" | "faultInjection";

type Json = unknown;

function fail(path: string, what: string): never {
  throw new ProfileError(`profile ${path}: ${what}`);
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: Json, path: string): Record<string, Json> {
  if (!isObject(v)) fail(path, `expected an object, got ${describe(v)}`);
  return v;
}

function arr(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) fail(path, `expected a list, got ${describe(v)}`);
  return v;
}

function str(v: Json, path: string): string {
  if (typeof v !== "string" || v === "") fail(path, `expected a non-empty string, got ${describe(v)}`);
  return v;
}

function optStr(v: Json, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function httpUrl(v: Json, path: string): string {
  const s = str(v, path);
  if (!/^https?:\/\/[^/\s]+/.test(s)) fail(path, `expected an http:// or https:// URL, got ${JSON.stringify(s)}`);
  return s;
}

/** As the harness's schema (ADMIN_TOKEN_PATTERN); the message never repeats the token. */
function adminToken(v: Json, path: string): string {
  if (typeof v !== "string" || !/^[A-Za-z0-9._~+/=-]{16,512}$/.test(v)) {
    fail(path, `expected the forwarder's token: 16..512 characters of A-Z a-z 0-9 . _ ~ + / = -, got ${typeof v === "string" ? `${v.length} characters` : describe(v)}`);
  }
  return v;
}

function describe(v: Json): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

function identifyRule(v: Json, path: string): IdentifyRule {
  const o = obj(v, path);
  const header = optStr(o.header, `${path}.header`);
  const jsonField = optStr(o.jsonField, `${path}.jsonField`);
  if (header === undefined && jsonField === undefined) fail(path, "needs header or jsonField");
  return { ...(header !== undefined ? { header } : {}), ...(jsonField !== undefined ? { jsonField } : {}) };
}

function vantage(v: Json, path: string): Vantage {
  const o = obj(v, path);
  switch (o.kind) {
    case "direct":
      return { kind: "direct" };
    case "forwarder": {
      const identity = optStr(o.identity, `${path}.identity`);
      return { kind: "forwarder", url: httpUrl(o.url, `${path}.url`), token: adminToken(o.token, `${path}.token`), ...(identity !== undefined ? { identity } : {}) };
    }
    case "tls":
      return { kind: "tls", cert: str(o.cert, `${path}.cert`), key: str(o.key, `${path}.key`), ca: str(o.ca, `${path}.ca`) };
    default:
      return fail(`${path}.kind`, `expected direct, forwarder or tls, got ${describe(o.kind)}`);
  }
}

function stringMatch(v: Json, path: string): StringMatch {
  const o = obj(v, path);
  const keys = Object.keys(o).filter((k) => k === "exact" || k === "prefix" || k === "regex");
  if (keys.length !== 1 || Object.keys(o).length !== 1) fail(path, "expected exactly one of exact, prefix, regex");
  const k = keys[0] as keyof StringMatch;
  if (typeof o[k] !== "string") fail(`${path}.${k}`, `expected a string, got ${describe(o[k])}`);
  return { [k]: o[k] } as StringMatch;
}

function routeRule(v: Json, path: string): RouteRule {
  const o = obj(v, path);
  const destination = str(o.destination, `${path}.destination`);
  if (o.match === undefined) return { destination };
  const m = obj(o.match, `${path}.match`);
  if (m.headers === undefined) return { match: {}, destination };
  const h = obj(m.headers, `${path}.match.headers`);
  const headers: Record<string, StringMatch> = {};
  for (const [name, sm] of Object.entries(h)) headers[name] = stringMatch(sm, `${path}.match.headers.${name}`);
  return { match: { headers }, destination };
}

function routingTarget(v: Json, path: string): RoutingTarget {
  const o = obj(v, path);
  const host = optStr(o.host, `${path}.host`);
  const vantageName = optStr(o.vantage, `${path}.vantage`);
  const rules = arr(o.rules, `${path}.rules`).map((r, i) => routeRule(r, `${path}.rules[${i}]`));
  if (rules.length === 0) fail(`${path}.rules`, "expected at least one rule");
  return { name: str(o.name, `${path}.name`), url: httpUrl(o.url, `${path}.url`), ...(host ? { host } : {}), ...(vantageName ? { vantage: vantageName } : {}), rules };
}

function canaryTarget(v: Json, path: string): CanaryTarget {
  const o = obj(v, path);
  const host = optStr(o.host, `${path}.host`);
  const vantageName = optStr(o.vantage, `${path}.vantage`);
  const w = obj(o.weights, `${path}.weights`);
  const weights: Record<string, number> = {};
  for (const [d, n] of Object.entries(w)) {
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || n > 100) fail(`${path}.weights.${d}`, `expected a percentage 0..100, got ${describe(n)}`);
    weights[d] = n;
  }
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (Object.keys(weights).length < 2 || Math.abs(sum - 100) > 1e-9) fail(`${path}.weights`, `expected two or more destinations summing to 100, got ${sum}`);
  return { name: str(o.name, `${path}.name`), url: httpUrl(o.url, `${path}.url`), ...(host ? { host } : {}), ...(vantageName ? { vantage: vantageName } : {}), weights };
}

function mtlsTarget(v: Json, path: string): MtlsTarget {
  const o = obj(v, path);
  const p = obj(o.plaintext, `${path}.plaintext`);
  const c = obj(o.control, `${path}.control`);
  const pv = optStr(p.vantage, `${path}.plaintext.vantage`);
  return {
    name: str(o.name, `${path}.name`),
    plaintext: { url: httpUrl(p.url, `${path}.plaintext.url`), ...(pv ? { vantage: pv } : {}) },
    control: { vantage: str(c.vantage, `${path}.control.vantage`), url: httpUrl(c.url, `${path}.control.url`) },
  };
}

function requestSet(v: Json, path: string): AuthzRequestSet {
  const o = obj(v, path);
  const methods = arr(o.methods, `${path}.methods`).map((m, i) => str(m, `${path}.methods[${i}]`).toUpperCase());
  if (methods.length === 0) fail(`${path}.methods`, "expected at least one method");
  const p = optStr(o.path, `${path}.path`);
  if (p !== undefined && !p.startsWith("/")) fail(`${path}.path`, `expected a path starting with /, got ${JSON.stringify(p)}`);
  return { vantage: str(o.vantage, `${path}.vantage`), methods, ...(p ? { path: p } : {}) };
}

function authzTarget(v: Json, path: string): AuthzTarget {
  const o = obj(v, path);
  return {
    name: str(o.name, `${path}.name`),
    url: httpUrl(o.url, `${path}.url`),
    allow: arr(o.allow ?? [], `${path}.allow`).map((s, i) => requestSet(s, `${path}.allow[${i}]`)),
    deny: arr(o.deny ?? [], `${path}.deny`).map((s, i) => requestSet(s, `${path}.deny[${i}]`)),
  };
}

function num(v: Json, path: string, range: { min: number; max: number; integer?: boolean; above?: boolean }): number {
  const ok = typeof v === "number" && Number.isFinite(v) && (range.above ? v > range.min : v >= range.min) && v <= range.max && (!range.integer || Number.isInteger(v));
  if (!ok) fail(path, `expected ${range.integer ? "a whole number" : "a number"} ${range.above ? "above" : "from"} ${range.min}${range.max < Infinity ? ` to ${range.max}` : ""}, got ${describe(v)}`);
  return v as number;
}

function requestPath(v: Json, path: string): string {
  const p = str(v, path);
  if (!p.startsWith("/")) fail(path, `expected a path starting with /, got ${JSON.stringify(p)}`);
  return p;
}

/** The fields every resilience section shares: a gateway route, reached from a vantage. */
function gatewayTarget(o: Record<string, Json>, path: string): { name: string; url: string; host?: string; vantage?: string } {
  const host = optStr(o.host, `${path}.host`);
  const vantageName = optStr(o.vantage, `${path}.vantage`);
  return { name: str(o.name, `${path}.name`), url: httpUrl(o.url, `${path}.url`), ...(host ? { host } : {}), ...(vantageName ? { vantage: vantageName } : {}) };
}

function timeoutTarget(v: Json, path: string): TimeoutTarget {
  const o = obj(v, path);
  return {
    ...gatewayTarget(o, path),
    timeoutMs: num(o.timeoutMs, `${path}.timeoutMs`, { min: 0, max: Infinity, above: true }),
    path: requestPath(o.path, `${path}.path`),
    controlPath: requestPath(o.controlPath, `${path}.controlPath`),
  };
}

function retriesTarget(v: Json, path: string): RetriesTarget {
  const o = obj(v, path);
  return {
    ...gatewayTarget(o, path),
    attempts: num(o.attempts, `${path}.attempts`, { min: 0, max: Infinity, integer: true }),
    retryOn: str(o.retryOn, `${path}.retryOn`),
    path: requestPath(o.path, `${path}.path`),
    failRatio: num(o.failRatio, `${path}.failRatio`, { min: 0, max: 1 }),
  };
}

function faultTarget(v: Json, path: string): FaultInjectionTarget {
  const o = obj(v, path);
  const percent = (x: Json, p: string) => num(x, p, { min: 0, max: 100 });
  const a = o.abort === undefined ? undefined : obj(o.abort, `${path}.abort`);
  const d = o.delay === undefined ? undefined : obj(o.delay, `${path}.delay`);
  return {
    ...gatewayTarget(o, path),
    ...(a ? { abort: { percent: percent(a.percent, `${path}.abort.percent`), httpStatus: num(a.httpStatus, `${path}.abort.httpStatus`, { min: 200, max: 599, integer: true }) } } : {}),
    ...(d ? { delay: { percent: percent(d.percent, `${path}.delay.percent`), fixedDelayMs: num(d.fixedDelayMs, `${path}.delay.fixedDelayMs`, { min: 0, max: Infinity, above: true }) } } : {}),
  };
}

const SECTIONS = {
  routing: routingTarget,
  canary: canaryTarget,
  mtls: mtlsTarget,
  authz: authzTarget,
  timeouts: timeoutTarget,
  retries: retriesTarget,
  faultInjection: faultTarget,
} as const;
const UNREAD_SECTIONS = ["circuitBreaking", "outlierDetection", "disruption"] as const satisfies readonly (keyof TargetProfile)[];

/** Parse and check a JSON target profile: the header, the vantages and every present section. */
export function parseProfile(text: string, source = "profile"): TargetProfile {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`${source} is not JSON (${e instanceof Error ? e.message : String(e)}); k6 reads the JSON form — write it with a .json --profile-out`);
  }
  const o = obj(raw, "(root)");
  if (o.apiVersion !== "meshcheck/v1") fail("apiVersion", `expected "meshcheck/v1", got ${describe(o.apiVersion)}`);
  if (o.kind !== "TargetProfile") fail("kind", `expected "TargetProfile", got ${describe(o.kind)}`);
  const vantages: Record<string, Vantage> = {};
  for (const [name, v] of Object.entries(obj(o.vantages, "vantages"))) vantages[name] = vantage(v, `vantages.${name}`);
  const profile: TargetProfile = {
    apiVersion: "meshcheck/v1",
    kind: "TargetProfile",
    name: str(o.name, "name"),
    identify: identifyRule(o.identify, "identify"),
    vantages,
  };
  if (o.routing !== undefined) profile.routing = arr(o.routing, "routing").map((t, i) => SECTIONS.routing(t, `routing[${i}]`));
  if (o.canary !== undefined) profile.canary = arr(o.canary, "canary").map((t, i) => SECTIONS.canary(t, `canary[${i}]`));
  if (o.mtls !== undefined) profile.mtls = arr(o.mtls, "mtls").map((t, i) => SECTIONS.mtls(t, `mtls[${i}]`));
  if (o.authz !== undefined) profile.authz = arr(o.authz, "authz").map((t, i) => SECTIONS.authz(t, `authz[${i}]`));
  if (o.timeouts !== undefined) profile.timeouts = arr(o.timeouts, "timeouts").map((t, i) => SECTIONS.timeouts(t, `timeouts[${i}]`));
  if (o.retries !== undefined) profile.retries = arr(o.retries, "retries").map((t, i) => SECTIONS.retries(t, `retries[${i}]`));
  if (o.faultInjection !== undefined) profile.faultInjection = arr(o.faultInjection, "faultInjection").map((t, i) => SECTIONS.faultInjection(t, `faultInjection[${i}]`));
  // Sections no scenario reads yet pass through as written (the harness's schema checks them),
  // so a profile survives the round trip whole.
  for (const key of UNREAD_SECTIONS) {
    if (o[key] !== undefined) Object.assign(profile, { [key]: arr(o[key], key) });
  }
  checkVantageNames(profile);
  return profile;
}

/** Every vantage a section names must exist. */
function checkVantageNames(p: TargetProfile): void {
  const need = (name: string | undefined, path: string) => {
    if (name !== undefined && p.vantages[name] === undefined) fail(path, `names vantage ${JSON.stringify(name)}, which vantages does not define (have: ${Object.keys(p.vantages).join(", ")})`);
  };
  p.routing?.forEach((t, i) => need(t.vantage, `routing[${i}].vantage`));
  p.canary?.forEach((t, i) => need(t.vantage, `canary[${i}].vantage`));
  p.mtls?.forEach((t, i) => {
    need(t.plaintext.vantage, `mtls[${i}].plaintext.vantage`);
    need(t.control.vantage, `mtls[${i}].control.vantage`);
  });
  p.authz?.forEach((t, i) => [...t.allow, ...t.deny].forEach((s) => need(s.vantage, `authz[${i}] vantage`)));
  for (const section of ["timeouts", "retries", "faultInjection"] as const) p[section]?.forEach((t, i) => need(t.vantage, `${section}[${i}].vantage`));
}

/** The targets of one section; a scenario with nothing to check is a configuration error, not a pass. */
export function sectionTargets<S extends Section>(p: TargetProfile, section: S): NonNullable<TargetProfile[S]> {
  const targets = p[section];
  if (!targets || targets.length === 0) throw new ProfileError(`profile ${JSON.stringify(p.name)} has no ${section} section: nothing for the ${section} scenario to check`);
  return targets as NonNullable<TargetProfile[S]>;
}
