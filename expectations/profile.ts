// The target profile of a mesh served from the manifests (the local mesh, or the kind cluster);
// where it is reached (gateway origin, forwarders, control listener) comes in as plain inputs.
// Expectations are read from the manifests' model (VirtualService and HTTPRoute matches and weights,
// PeerAuthentication modes, AuthorizationPolicy rules), never from constants, and always from
// the fault-free model: a fault breaks the mesh, not what the manifests promise. Nothing here
// reads the local mesh's enforcement code (the security expectations come from
// expected-security.ts, not the sidecars' functions), so one bug cannot be in both.
import type { MeshModel, Workload } from "../manifests/types.js";
import type {
  AuthzRequestSet,
  AuthzTarget,
  CanaryTarget,
  MtlsTarget,
  RouteRule,
  RoutingTarget,
  TargetProfile,
  Vantage,
} from "../spec/profile/types.js";
import { PROFILE_API_VERSION, PROFILE_KIND } from "../spec/profile/schema.js";
import { workloadsOf } from "../manifests/labels.js";
import { findConfigService } from "../manifests/service-hosts.js";
import { authzPolicyGoverns, governingPeerAuthentication, promisedAllowed } from "./expected-security.js";
import { principalOf, namespaceOf } from "../manifests/identity.js";
import { destinationWorkloads, gatewayTables, meshTables, type GatewayOrigins, type MeshCaller, type ReachableTable } from "./route-tables.js";
import { deriveFaultInjection, deriveRetries, deriveTimeouts } from "./resilience.js";
import { deriveCircuitBreaking, deriveOutlierDetection } from "./destination-rules.js";
import { deriveDisruption } from "./disruption.js";

/** A forwarder vantage and the identity it calls with (none: no sidecar). */
export interface ForwarderVantage {
  name: string;
  url: string;
  /** The secret its forwarder asks for (x-meshcheck-token). */
  token: string;
  spiffe?: string;
}

export interface ProfileInputs {
  model: MeshModel;
  name?: string;
  /** Gateway origin, e.g. http://127.0.0.1:PORT. */
  gatewayOrigin: string;
  /**
   * The gateways deployed for Gateway API Gateways, by `namespace/name` (kind). Absent: the
   * gateway at gatewayOrigin serves their routes too (the local mesh).
   */
  gatewayApiOrigins?: Record<string, string>;
  forwarders: ForwarderVantage[];
  certHolder?: { cert: string; key: string; ca: string };
  /** The local mesh's control listener (restarts) and its token; absent: disruption restarts go through the Kubernetes API. */
  control?: { origin: string; token: string };
  /** The kubeconfig context disruption restarts use (the kind cluster's). */
  kubeContext?: string;
}

/** The echo reports its variant from env VERSION; that is what `identify` reads. */
const VERSION_ENV = "VERSION";
const PROBE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The single version name a Service's workloads report, or undefined when they disagree. */
function versionOf(model: MeshModel, host: string, namespace: string): string | undefined {
  const svc = findConfigService(model, host, namespace);
  if (!svc) return undefined;
  const versions = new Set(workloadsOf(model, svc).map((w) => w.env[VERSION_ENV] ?? w.labels.version));
  if (versions.size !== 1) return undefined;
  const [v] = versions;
  return v;
}

function deriveRouting(model: MeshModel, tables: ReachableTable[]): RoutingTarget[] {
  const out: RoutingTarget[] = [];
  for (const { api, vs, url, host, vantage } of tables) {
    const hasHeaderMatch = vs.http.some((r) => r.match?.some((m) => m.headers && Object.keys(m.headers).length > 0));
    if (!hasHeaderMatch) continue;
    const rules: RouteRule[] = [];
    let expressible = true;
    for (const r of vs.http) {
      const only = r.route.length === 1 ? r.route[0] : undefined;
      const destination = only && !r.fault && versionOf(model, only.destination.host, vs.namespace);
      if (!destination) {
        expressible = false;
        break;
      }
      if (!r.match || r.match.length === 0) {
        rules.push({ destination });
        continue;
      }
      // The profile speaks header matches only; a uri/method condition cannot be stated.
      for (const m of r.match) {
        if (m.uri || m.method) {
          expressible = false;
          break;
        }
        rules.push({ match: { headers: { ...m.headers } }, destination });
      }
      if (!expressible) break;
    }
    if (expressible) out.push({ name: vs.name, api, url, ...(host !== undefined && { host }), ...(vantage !== undefined && { vantage }), rules });
  }
  return out;
}

function deriveCanary(model: MeshModel, tables: ReachableTable[]): CanaryTarget[] {
  const out: CanaryTarget[] = [];
  for (const { api, vs, url, host, vantage } of tables) {
    // The canary is the catch-all weighted route: a request with no special headers lands on it.
    const route = vs.http.find((r) => r.route.length >= 2 && (!r.match || r.match.length === 0));
    if (!route || route.fault) continue;
    const weights: Record<string, number> = {};
    let ok = true;
    for (const d of route.route) {
      const v = versionOf(model, d.destination.host, vs.namespace);
      if (!v) ok = false;
      else weights[v] = (weights[v] ?? 0) + (d.weight ?? 0);
    }
    if (ok) out.push({ name: vs.name, api, url, ...(host !== undefined && { host }), ...(vantage !== undefined && { vantage }), weights });
  }
  return out;
}

/** An in-mesh forwarder the authorization policies let GET every destination of a mesh route. */
function meshCaller(forwarders: ForwarderVantage[]): MeshCaller {
  return (model, vs) => {
    const workloads = destinationWorkloads(model, vs);
    if (!workloads || workloads.length === 0) return undefined;
    return forwarders.find((f) => f.spiffe && workloads.every((w) => allowedFor(model, w, f.spiffe, "GET")))?.name;
  };
}

/** A Service that selects exactly this workload, and its first port: how callers name the pod. */
function serviceUrlFor(model: MeshModel, w: Workload): string | undefined {
  const svc = model.services.find((s) => {
    const ws = workloadsOf(model, s);
    return ws.length === 1 && ws[0] === w;
  });
  const port = svc?.ports[0]?.port;
  return svc && port !== undefined ? `http://${svc.name}.${svc.namespace}:${port}/` : undefined;
}

function allowedFor(model: MeshModel, w: Workload, spiffe: string | undefined, method: string): boolean {
  const caller = spiffe ? { principal: principalOf(spiffe), namespace: namespaceOf(spiffe) } : {};
  return promisedAllowed(model.authorizationPolicies, w, caller, method);
}

function deriveMtls(model: MeshModel, forwarders: ForwarderVantage[]): MtlsTarget[] {
  const out: MtlsTarget[] = [];
  const plainVantage = forwarders.find((f) => !f.spiffe);
  for (const pa of model.peerAuthentications) {
    if (pa.mode !== "STRICT") continue;
    // First injected workload whose mode this STRICT policy decides and a Service names.
    const target = model.workloads.find(
      (w) => w.injected && governingPeerAuthentication(model.peerAuthentications, w) === pa && serviceUrlFor(model, w),
    );
    const url = target && serviceUrlFor(model, target);
    const control = target && forwarders.find((f) => f.spiffe && allowedFor(model, target, f.spiffe, "GET"));
    if (!target || !url || !control) continue;
    out.push({
      name: pa.selector ? `${pa.namespace}-${pa.name}-strict` : `${pa.namespace}-strict`,
      plaintext: plainVantage ? { url, vantage: plainVantage.name } : { url },
      control: { vantage: control.name, url },
    });
  }
  return out;
}

function deriveAuthz(model: MeshModel, forwarders: ForwarderVantage[]): AuthzTarget[] {
  const out: AuthzTarget[] = [];
  const inMesh = forwarders.filter((f) => f.spiffe);
  for (const policy of model.authorizationPolicies) {
    const target = model.workloads.find(
      (w) => w.injected && authzPolicyGoverns(policy, w) && serviceUrlFor(model, w),
    );
    const url = target && serviceUrlFor(model, target);
    if (!target || !url) continue;
    const verdicts = inMesh.map((f) => ({
      f,
      allowed: PROBE_METHODS.filter((m) => allowedFor(model, target, f.spiffe, m)),
      denied: PROBE_METHODS.filter((m) => !allowedFor(model, target, f.spiffe, m)),
    }));
    const allowedAnywhere = new Set(verdicts.flatMap((v) => v.allowed));
    const allow: AuthzRequestSet[] = [];
    const deny: AuthzRequestSet[] = [];
    for (const v of verdicts) {
      if (v.allowed.length > 0) {
        allow.push({ vantage: v.f.name, methods: v.allowed });
        if (v.denied.length > 0) deny.push({ vantage: v.f.name, methods: v.denied });
      } else {
        // Denied everything: probing with what others may do shows the identity is what matters.
        const methods = v.denied.filter((m) => allowedAnywhere.has(m));
        if (methods.length > 0) deny.push({ vantage: v.f.name, methods });
      }
    }
    if (allow.length > 0 || deny.length > 0) out.push({ name: policy.name, url, allow, deny });
  }
  return out;
}

export function buildProfile(inputs: ProfileInputs): TargetProfile {
  const { model, gatewayOrigin, forwarders } = inputs;
  const vantages: Record<string, Vantage> = { outside: { kind: "direct" } };
  for (const f of forwarders) {
    vantages[f.name] = { kind: "forwarder", url: f.url, token: f.token, ...(f.spiffe ? { identity: f.spiffe } : {}) };
  }
  if (inputs.certHolder) vantages["cert-holder"] = { kind: "tls", ...inputs.certHolder };
  const profile: TargetProfile = {
    apiVersion: PROFILE_API_VERSION,
    kind: PROFILE_KIND,
    name: inputs.name ?? "local",
    identify: { header: "x-version", jsonField: "version" },
    vantages,
  };
  const origins: GatewayOrigins = { gateway: gatewayOrigin, ...(inputs.gatewayApiOrigins !== undefined && { gatewayApi: inputs.gatewayApiOrigins }) };
  const tables = [...gatewayTables(model, origins), ...meshTables(model, meshCaller(forwarders))];
  const routing = deriveRouting(model, tables);
  const canary = deriveCanary(model, tables);
  const mtls = deriveMtls(model, forwarders);
  const authz = deriveAuthz(model, forwarders);
  if (routing.length > 0) profile.routing = routing;
  if (canary.length > 0) profile.canary = canary;
  if (mtls.length > 0) profile.mtls = mtls;
  if (authz.length > 0) profile.authz = authz;
  const gatewayOnly = gatewayTables(model, origins);
  const timeouts = deriveTimeouts(gatewayOnly);
  const retries = deriveRetries(gatewayOnly);
  const faultInjection = deriveFaultInjection(gatewayOnly);
  if (timeouts.length > 0) profile.timeouts = timeouts;
  if (retries.length > 0) profile.retries = retries;
  if (faultInjection.length > 0) profile.faultInjection = faultInjection;
  const circuitBreaking = deriveCircuitBreaking(model, gatewayOrigin);
  const outlierDetection = deriveOutlierDetection(model, gatewayOrigin);
  if (circuitBreaking.length > 0) profile.circuitBreaking = circuitBreaking;
  if (outlierDetection.length > 0) profile.outlierDetection = outlierDetection;
  const disruption = deriveDisruption(model, gatewayOrigin, {
    ...(inputs.control !== undefined && { control: inputs.control }),
    ...(inputs.kubeContext !== undefined && { kubeContext: inputs.kubeContext }),
  });
  if (disruption.length > 0) profile.disruption = disruption;
  return profile;
}
