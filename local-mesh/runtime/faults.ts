// Deliberate defects. A fault rewrites the model before it is served (pure functions), so the
// mesh misbehaves in exactly the named way while the profile — derived from the untouched
// manifests — keeps stating what should happen. Switches (`*-off`) remove a feature; valued
// faults (`canary-weights=87/13`, `timeout=900ms`, …) keep it but change what it means, the
// subtler defect a check must still catch.
import type { ConnectionPool, HttpRoute, HttpRouteRule, MeshModel } from "../../manifests/types.js";

/** A fault the local mesh cannot apply; the message is one line naming the fix. */
export class FaultError extends Error {
  override name = "FaultError";
}

export type Fault =
  | { kind: "canary-weights"; weights: number[] }
  | { kind: "httproute-weights"; weights: number[] }
  | { kind: "httproute-header-match-off" }
  | { kind: "timeout"; ms: number }
  | { kind: "retry-attempts"; attempts: number }
  | { kind: "fault-abort"; percent: number }
  | { kind: "circuit-breaker-scale"; factor: number }
  | { kind: "header-routing-off" }
  | { kind: "mtls-permissive" }
  | { kind: "authz-off" }
  | { kind: "down"; workload: string }
  | { kind: RoutePolicyOff }
  | { kind: DestinationPolicyOff }
  | { kind: "no-graceful-restart" };

/** Switches that drop one part of every DestinationRule's trafficPolicy. */
const DESTINATION_POLICY_OFF = {
  "circuit-breaker-off": "connectionPool",
  "outlier-detection-off": "outlierDetection",
} as const satisfies Record<string, "connectionPool" | "outlierDetection">;
type DestinationPolicyOff = keyof typeof DESTINATION_POLICY_OFF;
const isDestinationPolicyOff = (name: string): name is DestinationPolicyOff => name in DESTINATION_POLICY_OFF;

/** Switches that make the gateway and sidecars ignore one part of every route's policy. */
const ROUTE_POLICY_OFF = {
  "timeouts-off": "timeoutMs",
  "retries-off": "retries",
  "fault-injection-off": "fault",
} as const satisfies Record<string, keyof HttpRoute>;
type RoutePolicyOff = keyof typeof ROUTE_POLICY_OFF;
const isRoutePolicyOff = (name: string): name is RoutePolicyOff => name in ROUTE_POLICY_OFF;

export const FAULT_USAGE = [
  "canary-weights=A/B[/C…] (replace the weighted VirtualService route's weights; sum 100)",
  "httproute-weights=A/B[/C…] (replace the weights of every Gateway API HTTPRoute rule with that many backends; proportions)",
  "httproute-header-match-off (Gateway API HTTPRoute header matches ignored: the matches that test headers never match)",
  "timeout=DURATION (every route timeout, VirtualService or HTTPRoute, becomes DURATION, e.g. 900ms)",
  "retry-attempts=N (every route's retries.attempts becomes N)",
  "fault-abort=P (every injected abort fires for P% of requests)",
  "circuit-breaker-scale=K (every DestinationRule connection-pool limit multiplied by K)",
  "header-routing-off",
  "mtls-permissive",
  "authz-off",
  "down=WORKLOAD",
  "timeouts-off (route timeouts ignored, VirtualService and HTTPRoute)",
  "retries-off (route retries ignored)",
  "fault-injection-off (route fault injection ignored)",
  "circuit-breaker-off (DestinationRule connection pools ignored)",
  "outlier-detection-off (DestinationRule outlier detection ignored)",
  "no-graceful-restart (the Deployments' preStop drain removed: a restarted pod gets SIGTERM while the gateway still sends to it)",
];

const VALID = "valid faults: " + FAULT_USAGE.join(", ");

// Istio's duration syntax, as the manifests write route timeouts (model/duration.ts reads those).
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

export function parseFault(text: string): Fault {
  const s = text.trim();
  const eq = s.indexOf("=");
  const name = eq >= 0 ? s.slice(0, eq) : s;
  const arg = eq >= 0 ? s.slice(eq + 1) : undefined;
  switch (name) {
    case "header-routing-off":
    case "httproute-header-match-off":
    case "mtls-permissive":
    case "authz-off":
    case "no-graceful-restart":
      if (arg !== undefined) throw new FaultError(`fault ${name} takes no value (got ${JSON.stringify(s)})`);
      return { kind: name };
    case "down":
      if (!arg) throw new FaultError("fault down needs a workload: down=WORKLOAD");
      return { kind: "down", workload: arg };
    case "timeout": {
      const m = arg === undefined ? null : DURATION.exec(arg);
      const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) : NaN;
      if (!(ms >= 1)) throw new FaultError(`fault timeout needs a duration of at least 1ms like timeout=900ms or timeout=1.5s (got ${JSON.stringify(s)})`);
      return { kind: "timeout", ms };
    }
    case "retry-attempts": {
      if (arg === undefined || !/^\d+$/.test(arg)) throw new FaultError(`fault retry-attempts needs a whole number like retry-attempts=1 (got ${JSON.stringify(s)})`);
      return { kind: "retry-attempts", attempts: Number(arg) };
    }
    case "fault-abort": {
      const percent = arg === undefined || !/^\d+(\.\d+)?$/.test(arg) ? NaN : Number(arg);
      if (!(percent >= 0 && percent <= 100)) throw new FaultError(`fault fault-abort needs a percentage 0–100 like fault-abort=30 (got ${JSON.stringify(s)})`);
      return { kind: "fault-abort", percent };
    }
    case "circuit-breaker-scale": {
      const factor = arg === undefined || !/^\d+$/.test(arg) ? NaN : Number(arg);
      if (!(factor >= 2)) throw new FaultError(`fault circuit-breaker-scale needs a whole factor of at least 2 like circuit-breaker-scale=2 (got ${JSON.stringify(s)})`);
      return { kind: "circuit-breaker-scale", factor };
    }
    case "httproute-weights": {
      if (!arg || !/^\d+(\/\d+)+$/.test(arg)) {
        throw new FaultError(`fault httproute-weights needs integer weights like httproute-weights=60/40 (got ${JSON.stringify(s)})`);
      }
      const weights = arg.split("/").map(Number);
      if (weights.every((w) => w === 0)) throw new FaultError(`fault ${s}: at least one weight must be above 0`);
      return { kind: "httproute-weights", weights };
    }
    case "canary-weights": {
      if (!arg || !/^\d+(\/\d+)+$/.test(arg)) {
        throw new FaultError(`fault canary-weights needs integer weights like canary-weights=80/20 (got ${JSON.stringify(s)})`);
      }
      const weights = arg.split("/").map(Number);
      const sum = weights.reduce((a, b) => a + b, 0);
      if (sum !== 100) throw new FaultError(`fault ${s}: weights sum to ${sum}, not 100`);
      return { kind: "canary-weights", weights };
    }
    default:
      if (isDestinationPolicyOff(name)) {
        if (arg !== undefined) throw new FaultError(`fault ${name} takes no value (got ${JSON.stringify(s)})`);
        return { kind: name };
      }
      if (isRoutePolicyOff(name)) {
        if (arg !== undefined) throw new FaultError(`fault ${name} takes no value (got ${JSON.stringify(s)})`);
        return { kind: name };
      }
      throw new FaultError(`unknown fault ${JSON.stringify(s)}; ${VALID}`);
  }
}

export function parseFaults(texts: string[]): Fault[] {
  return texts.map(parseFault);
}

export interface FaultedMesh {
  model: MeshModel;
  /** Workloads not to start (`down=`). */
  down: Set<string>;
}

const isWeighted = (r: HttpRoute) => r.route.length >= 2;

/** Every VirtualService's http routes rewritten; a route may become none (dropped) or stay. */
function rewriteRoutes(m: MeshModel, rewrite: (r: HttpRoute) => HttpRoute[]): MeshModel {
  return { ...m, virtualServices: m.virtualServices.map((vs) => ({ ...vs, http: vs.http.flatMap(rewrite) })) };
}

/** Every HTTPRoute rule rewritten; a rule may become none (dropped) or stay. */
function rewriteRules(m: MeshModel, rewrite: (r: HttpRouteRule) => HttpRouteRule[]): MeshModel {
  return { ...m, httpRoutes: m.httpRoutes.map((route) => ({ ...route, rules: route.rules.flatMap(rewrite) })) };
}

/** Rewrite every route `change` accepts (returns a new route) or skips (undefined); throws when none. */
function changeRoutes(m: MeshModel, fault: string, what: string, change: (r: HttpRoute) => HttpRoute | undefined): MeshModel {
  let hits = 0;
  const out = rewriteRoutes(m, (r) => {
    const changed = change(r);
    if (changed === undefined) return [r];
    hits++;
    return [changed];
  });
  if (hits === 0) throw new FaultError(`fault ${fault}: no VirtualService route has ${what}`);
  return out;
}

const scaled = (limit: number | undefined, factor: number) => (limit === undefined ? undefined : limit * factor);

function scalePool(pool: ConnectionPool, factor: number): ConnectionPool {
  const out: ConnectionPool = {};
  for (const key of ["maxConnections", "http1MaxPendingRequests", "http2MaxRequests"] as const) {
    const v = scaled(pool[key], factor);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Apply faults to a copy of the model. Throws a one-line Error when a fault names nothing. */
export function applyFaults(model: MeshModel, faults: Fault[]): FaultedMesh {
  let m: MeshModel = structuredClone(model);
  const down = new Set<string>();
  for (const f of faults) {
    switch (f.kind) {
      case "canary-weights": {
        let hits = 0;
        m = rewriteRoutes(m, (r) => {
          if (!isWeighted(r) || r.route.length !== f.weights.length) return [r];
          hits++;
          return [{ ...r, route: r.route.map((d, i) => ({ ...d, weight: f.weights[i] ?? 0 })) }];
        });
        if (hits === 0) {
          throw new FaultError(`fault canary-weights=${f.weights.join("/")}: no weighted route has ${f.weights.length} destinations`);
        }
        break;
      }
      case "timeout": {
        // Every route timeout the gateway and sidecars enforce, whichever API stated it.
        let hits = 0;
        const retime = <R extends { timeoutMs?: number }>(r: R): R[] => {
          if (r.timeoutMs === undefined) return [r];
          hits++;
          return [{ ...r, timeoutMs: f.ms }];
        };
        m = rewriteRoutes(rewriteRules(m, retime), retime);
        if (hits === 0) throw new FaultError(`fault timeout=${f.ms}ms: no VirtualService or HTTPRoute route has a timeout`);
        break;
      }
      case "httproute-weights": {
        let hits = 0;
        m = rewriteRules(m, (r) => {
          if (r.backendRefs.length < 2 || r.backendRefs.length !== f.weights.length) return [r];
          hits++;
          return [{ ...r, backendRefs: r.backendRefs.map((b, i) => ({ ...b, weight: f.weights[i] ?? 0 })) }];
        });
        if (hits === 0) throw new FaultError(`fault httproute-weights=${f.weights.join("/")}: no HTTPRoute rule has ${f.weights.length} backends`);
        break;
      }
      case "httproute-header-match-off": {
        let hits = 0;
        m = rewriteRules(m, (r) => {
          const kept = r.matches.filter((mt) => mt.headers.length === 0);
          if (kept.length === r.matches.length) return [r];
          hits++;
          // A rule left without matches would match every path: drop it instead.
          return kept.length === 0 ? [] : [{ ...r, matches: kept }];
        });
        if (hits === 0) throw new FaultError("fault httproute-header-match-off: no HTTPRoute rule matches on a header");
        break;
      }
      case "retry-attempts":
        m = changeRoutes(m, `retry-attempts=${f.attempts}`, "retries", (r) => (r.retries === undefined ? undefined : { ...r, retries: { ...r.retries, attempts: f.attempts } }));
        break;
      case "fault-abort":
        m = changeRoutes(m, `fault-abort=${f.percent}`, "an injected abort", (r) =>
          r.fault?.abort === undefined ? undefined : { ...r, fault: { ...r.fault, abort: { ...r.fault.abort, percent: f.percent } } },
        );
        break;
      case "circuit-breaker-scale":
        if (!m.destinationRules.some((dr) => dr.connectionPool !== undefined)) {
          throw new FaultError(`fault circuit-breaker-scale=${f.factor}: no DestinationRule has connectionPool`);
        }
        m = {
          ...m,
          destinationRules: m.destinationRules.map((dr) => (dr.connectionPool ? { ...dr, connectionPool: scalePool(dr.connectionPool, f.factor) } : dr)),
        };
        break;
      case "header-routing-off":
        m = rewriteRoutes(m, (r) => {
          if (!r.match || r.match.length === 0) return [r];
          const kept = r.match.filter((mt) => !mt.headers || Object.keys(mt.headers).length === 0);
          // A route left with no match would match everything: drop it instead.
          if (kept.length === 0) return [];
          return [{ ...r, match: kept }];
        });
        break;
      case "mtls-permissive":
        m = { ...m, peerAuthentications: m.peerAuthentications.map((p) => ({ ...p, mode: "PERMISSIVE" })) };
        break;
      case "authz-off":
        m = { ...m, authorizationPolicies: [] };
        break;
      case "timeouts-off":
      case "retries-off":
      case "fault-injection-off": {
        const field = ROUTE_POLICY_OFF[f.kind];
        let hits = 0;
        if (field === "timeoutMs") {
          // HTTPRoute timeouts.request too: the one policy both APIs state.
          m = rewriteRules(m, (r) => {
            if (r.timeoutMs === undefined) return [r];
            hits++;
            const { timeoutMs: _dropped, ...rest } = r;
            return [rest];
          });
        }
        m = rewriteRoutes(m, (r) => {
          if (r[field] === undefined) return [r];
          hits++;
          const { [field]: _dropped, ...rest } = r;
          return [rest];
        });
        if (hits === 0) {
          const what = { timeoutMs: "a timeout", retries: "retries", fault: "fault injection" }[field];
          throw new FaultError(`fault ${f.kind}: no VirtualService route has ${what}`);
        }
        break;
      }
      case "no-graceful-restart":
        // What a Deployment without a drain does: SIGTERM at once, while still an endpoint.
        if (!m.workloads.some((w) => w.preStop)) throw new FaultError("fault no-graceful-restart: no Deployment has a preStop drain to remove");
        m = { ...m, workloads: m.workloads.map(({ preStop: _dropped, ...w }) => w) };
        break;
      case "circuit-breaker-off":
      case "outlier-detection-off": {
        const field = DESTINATION_POLICY_OFF[f.kind];
        if (!m.destinationRules.some((dr) => dr[field] !== undefined)) {
          throw new FaultError(`fault ${f.kind}: no DestinationRule has ${field}`);
        }
        m = {
          ...m,
          destinationRules: m.destinationRules.map((dr) => {
            const { [field]: _dropped, ...rest } = dr;
            return rest;
          }),
        };
        break;
      }
      case "down": {
        const [ns, name] = f.workload.includes("/") ? f.workload.split("/", 2) : [undefined, f.workload];
        const hit = m.workloads.filter((w) => w.name === name && (ns === undefined || w.namespace === ns));
        if (hit.length === 0) {
          const known = m.workloads.map((w) => w.name).join(", ");
          throw new FaultError(`fault down=${f.workload}: no such workload; workloads: ${known}`);
        }
        for (const w of hit) down.add(`${w.namespace}/${w.name}`);
        break;
      }
    }
  }
  return { model: m, down };
}
