// Deployments of the echo app become Workloads: identity, labels, env, ports and injection.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import type { Source, Workload } from "./types.js";

/** A Workload before its namespace is known: injection depends on the Namespace's label. */
export interface PendingWorkload {
  workload: Omit<Workload, "injected">;
  /** The pod's own sidecar.istio.io/inject, which overrides the namespace. */
  injectOverride?: boolean;
}

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
  const env = readEnv(fields, id);
  const ports = readContainerPorts(fields);
  const containerPort = ports.get("http") ?? ports.values().next().value;
  if (containerPort === undefined) fields.fail([...CONTAINER, "ports"], "must declare a containerPort (named http)");
  const adminPort = ports.get("admin");
  const disruptionBudget = readDisruptionBudget(fields);

  const workload: Omit<Workload, "injected"> = {
    name: id.name,
    namespace: id.namespace,
    serviceAccount,
    labels,
    env,
    containerPort,
    ...(adminPort !== undefined && { adminPort }),
    replicas,
    ...(disruptionBudget !== undefined && { disruptionBudget }),
    source,
  };
  const injectOverride = readInjectOverride(fields);
  return injectOverride === undefined ? { workload } : { workload, injectOverride };
}

function checkSelector(fields: ResourceFields, podLabels: Record<string, string>): void {
  const selector = fields.stringMap(["spec", "selector", "matchLabels"]);
  if (Object.keys(selector).length === 0) fields.fail(["spec", "selector", "matchLabels"], "is required");
  for (const [key, value] of Object.entries(selector)) {
    if (podLabels[key] !== value) {
      fields.fail(["spec", "selector", "matchLabels", key], `does not match the pod template's labels (${key}=${podLabels[key] ?? "absent"})`);
    }
  }
}

// The downward API fields the echo app reads; resolved as for the first pod, `<deployment>-0`.
function readEnv(fields: ResourceFields, id: ObjectName): Record<string, string> {
  const path: Path = [...CONTAINER, "env"];
  const env: Record<string, string> = {};
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
      continue;
    }
    const fieldPath = fields.string([...at, "valueFrom", "fieldRef", "fieldPath"]);
    if (fieldPath === "metadata.name") env[name] = `${id.name}-0`;
    else if (fieldPath === "metadata.namespace") env[name] = id.namespace;
    else fields.fail([...at, "valueFrom", "fieldRef", "fieldPath"], `only metadata.name and metadata.namespace are supported, got ${JSON.stringify(fieldPath)}`);
  }
  return env;
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
