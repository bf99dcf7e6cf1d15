// Deployments of the echo app become Workloads: identity, labels, env, ports and injection, and
// the container's own configuration checked as its entrypoint checks it (a Deployment the app
// would refuse crash-loops on a cluster, so it is a load error here). The app's reading of its
// environment is the caller's to give (AppEnvCheck): the echo app sits beside this layer, not
// below it. The pod lifecycle parts (readiness probe, preStop, grace period) are in
// pod-lifecycle.ts.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import { readPreStop, readReadiness, readTerminationGrace } from "./pod-lifecycle.js";
import type { Source, Workload } from "./types.js";

/** A Workload before its namespace is known: injection depends on the Namespace's label. */
export interface PendingWorkload {
  workload: Omit<Workload, "injected">;
  /** The pod's own sidecar.istio.io/inject, which overrides the namespace. */
  injectOverride?: boolean;
  /** The container as its app would see it: env (Secrets by a stand-in) and ports by name. */
  container: { env: Record<string, string>; ports: Map<string, number> };
}

/**
 * What the container's app makes of its environment: every problem (none: it would start) and
 * the ports it would listen on. The echo app's readConfig is one.
 */
export type AppEnvCheck = (env: Record<string, string>) => {
  config: { port?: number; adminPort?: number };
  problems: readonly { variable: string; message: string }[];
};

const CONTAINER: Path = ["spec", "template", "spec", "containers", 0];
const INJECT = "sidecar.istio.io/inject";
const DISRUPTION_BUDGET = "meshcheck.io/disruption-budget";

export function mapDeployment(fields: ResourceFields, id: ObjectName, source: Source): PendingWorkload {
  const replicas = fields.optionalInteger(["spec", "replicas"], 0, 1000) ?? 1;
  const labels = fields.stringMap(["spec", "template", "metadata", "labels"]);
  checkSelector(fields, labels);

  const containers = fields.listLength(["spec", "template", "spec", "containers"]);
  if (containers !== 1) {
    fields.fail(["spec", "template", "spec", "containers"], `must hold exactly one container (the echo app), found ${containers}`);
  }
  const serviceAccount = fields.optionalString(["spec", "template", "spec", "serviceAccountName"]) ?? "default";
  const { env, podNameEnv, secretEnv } = readEnv(fields, id);
  const ports = readContainerPorts(fields);
  const containerPort = ports.get("http") ?? ports.values().next().value;
  if (containerPort === undefined) fields.fail([...CONTAINER, "ports"], "must declare a containerPort (named http)");
  const adminPort = ports.get("admin");
  const disruptionBudget = readDisruptionBudget(fields);
  // A Secret's value is the cluster's (the local mesh's per-run token): any valid one stands in here.
  const container = { env: { ...env, ...Object.fromEntries(secretEnv.map((n) => [n, SECRET_STAND_IN])) }, ports };
  const readiness = readReadiness(fields, CONTAINER, ports, containerPort);
  const terminationGraceMs = readTerminationGrace(fields);
  const preStop = readPreStop(fields, CONTAINER, terminationGraceMs);

  const workload: Omit<Workload, "injected"> = {
    name: id.name,
    namespace: id.namespace,
    serviceAccount,
    labels,
    env,
    ...(podNameEnv.length > 0 && { podNameEnv }),
    containerPort,
    ...(adminPort !== undefined && { adminPort }),
    replicas,
    ...(disruptionBudget !== undefined && { disruptionBudget }),
    ...(readiness !== undefined && { readiness }),
    ...(preStop !== undefined && { preStop }),
    terminationGraceMs,
    source,
  };
  const injectOverride = readInjectOverride(fields);
  return injectOverride === undefined ? { workload, container } : { workload, injectOverride, container };
}

/** Validates like a real token (16+ safe characters) while the manifests load; never served. */
const SECRET_STAND_IN = "local-mesh-stand-in-secret";

function checkSelector(fields: ResourceFields, podLabels: Record<string, string>): void {
  const selector = fields.stringMap(["spec", "selector", "matchLabels"]);
  if (Object.keys(selector).length === 0) fields.fail(["spec", "selector", "matchLabels"], "is required");
  for (const [key, value] of Object.entries(selector)) {
    if (podLabels[key] !== value) {
      fields.fail(["spec", "selector", "matchLabels", key], `does not match the pod template's labels (${key}=${podLabels[key] ?? "absent"})`);
    }
  }
}

// The downward API fields the echo app reads; resolved as for the first pod, `<deployment>-0`
// (a restarted pod gets its own name in the podNameEnv variables).
function readEnv(fields: ResourceFields, id: ObjectName): { env: Record<string, string>; podNameEnv: string[]; secretEnv: string[] } {
  const path: Path = [...CONTAINER, "env"];
  const env: Record<string, string> = {};
  const podNameEnv: string[] = [];
  const secretEnv: string[] = [];
  for (let i = 0; i < fields.listLength(path); i++) {
    const at = [...path, i];
    const name = fields.string([...at, "name"]);
    const hasValue = fields.has([...at, "value"]);
    const hasFrom = fields.has([...at, "valueFrom"]);
    if (hasValue === hasFrom) fields.fail(at, `env ${name} needs exactly one of value, valueFrom`);
    if (hasValue) {
      env[name] = fields.optionalString([...at, "value"]) ?? "";
      continue;
    }
    if (fields.has([...at, "valueFrom", "secretKeyRef"])) {
      // The one Secret the echo reads; left unset here, as the local mesh generates a token per run.
      if (name !== "ADMIN_TOKEN" || fields.has([...at, "valueFrom", "fieldRef"])) {
        fields.fail([...at, "valueFrom", "secretKeyRef"], `only ADMIN_TOKEN may come from a Secret (the local mesh generates it per run); give ${name} a value or a fieldRef`);
      }
      secretEnv.push(name);
      continue;
    }
    const fieldPath = fields.string([...at, "valueFrom", "fieldRef", "fieldPath"]);
    if (fieldPath === "metadata.name") {
      env[name] = `${id.name}-0`;
      podNameEnv.push(name);
    } else if (fieldPath === "metadata.namespace") env[name] = id.namespace;
    else fields.fail([...at, "valueFrom", "fieldRef", "fieldPath"], `only metadata.name and metadata.namespace are supported, got ${JSON.stringify(fieldPath)}`);
  }
  return { env, podNameEnv, secretEnv };
}

/**
 * The container's env through its app's own reading of it (for the echo app, the entrypoint's
 * config in apps/echo/src/config.ts): a problem there means the pod exits 2 at start and
 * crash-loops. The app must also listen where the Deployment sends traffic: PORT on the
 * containerPort named http, ADMIN_PORT on admin.
 */
export function checkAppEnv(fields: ResourceFields, { env, ports }: PendingWorkload["container"], readConfig: AppEnvCheck): void {
  const envPath: Path = [...CONTAINER, "env"];
  const { config, problems } = readConfig(env);
  const first = problems[0];
  if (first) {
    const index = envIndex(fields, first.variable);
    fields.fail(
      index === undefined ? envPath : [...envPath, index, "value"],
      `the echo container would exit 2 at start (CrashLoopBackOff): ${problems.map((p) => p.message).join("; ")}`,
    );
  }
  for (const [name, variable, listens] of [["http", "PORT", config.port], ["admin", "ADMIN_PORT", config.adminPort]] as const) {
    const declared = ports.get(name);
    if (declared === undefined || declared === listens) continue;
    const index = envIndex(fields, variable);
    fields.fail(
      index === undefined ? [...CONTAINER, "ports"] : [...envPath, index, "value"],
      `the app listens on ${variable} ${listens}${index === undefined ? " (its default)" : ""} but containerPort ${name} is ${declared}: nothing would answer there`,
    );
  }
}

function envIndex(fields: ResourceFields, variable: string): number | undefined {
  const path: Path = [...CONTAINER, "env"];
  for (let i = 0; i < fields.listLength(path); i++) if (fields.get([...path, i, "name"]) === variable) return i;
  return undefined;
}

/** Container ports by name (unnamed ones keyed by position), in declaration order. */
function readContainerPorts(fields: ResourceFields): Map<string, number> {
  const path: Path = [...CONTAINER, "ports"];
  const ports = new Map<string, number>();
  for (let i = 0; i < fields.listLength(path); i++) {
    const at = [...path, i];
    fields.oneOf([...at, "protocol"], ["TCP"], "TCP");
    const port = fields.port([...at, "containerPort"]);
    const name = fields.optionalString([...at, "name"]) ?? `#${i}`;
    if (ports.has(name)) fields.fail([...at, "name"], `duplicate port name ${JSON.stringify(name)}`);
    ports.set(name, port);
  }
  return ports;
}

// Istio reads the label first, then the annotation (the older spelling).
function readInjectOverride(fields: ResourceFields): boolean | undefined {
  for (const where of ["labels", "annotations"] as const) {
    const path: Path = ["spec", "template", "metadata", where, INJECT];
    const value = fields.optionalString(path);
    if (value === undefined) continue;
    if (value !== "true" && value !== "false") fields.fail(path, `must be "true" or "false", got ${JSON.stringify(value)}`);
    return value === "true";
  }
  return undefined;
}

// A share, written as a string (annotation values are strings): "0.02" lets 2% of requests fail.
function readDisruptionBudget(fields: ResourceFields): number | undefined {
  const path: Path = ["metadata", "annotations", DISRUPTION_BUDGET];
  const text = fields.optionalString(path);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
    fields.fail(path, `must be a share of requests between 0 and 1, like "0.02", got ${JSON.stringify(text)}`);
  }
  return value;
}
