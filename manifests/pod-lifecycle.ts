// A pod's lifecycle as the Deployment writes it: the readiness probe that gates a new pod's
// endpoint, the preStop hook that runs before SIGTERM, and the grace period after which the
// kubelet kills the pod. Only what the local mesh can carry out is accepted: an httpGet probe on
// the app's service port, and a preStop that sleeps (the `sleep:` action, or `exec` of sleep).
import type { ResourceFields } from "./fields.js";
import type { Path } from "./path.js";
import { DEFAULT_TERMINATION_GRACE_MS, type PreStop, type ReadinessProbe } from "./types.js";

// Kubernetes' probe defaults (core/v1 Probe).
const PROBE_DEFAULTS = { periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1 } as const;
const DAY_SECONDS = 86_400;

export function readReadiness(fields: ResourceFields, container: Path, ports: Map<string, number>, servicePort: number): ReadinessProbe | undefined {
  const at: Path = [...container, "readinessProbe"];
  if (!fields.has(at)) return undefined;
  const get: Path = [...at, "httpGet"];
  if (!fields.has(get)) fields.fail(at, "needs httpGet: the local mesh carries out httpGet readiness probes only");
  fields.oneOf([...get, "scheme"], ["HTTP"], "HTTP");
  const raw = fields.get([...get, "port"]);
  let port: number;
  if (typeof raw === "string") {
    const named = ports.get(raw);
    if (named === undefined) fields.fail([...get, "port"], `names no containerPort (declared: ${[...ports.keys()].join(", ")})`);
    port = named;
  } else {
    port = fields.port([...get, "port"]);
  }
  if (port !== servicePort) {
    fields.fail([...get, "port"], `the echo app answers probes on its service port ${servicePort}; a probe on ${port} never succeeds, so the pod never becomes Ready`);
  }
  const seconds = (name: keyof typeof PROBE_DEFAULTS | "initialDelaySeconds", min: number, dflt: number) =>
    fields.optionalInteger([...at, name], min, DAY_SECONDS) ?? dflt;
  return {
    path: fields.optionalString([...get, "path"]) ?? "/",
    port,
    initialDelayMs: seconds("initialDelaySeconds", 0, 0) * 1000,
    periodMs: seconds("periodSeconds", 1, PROBE_DEFAULTS.periodSeconds) * 1000,
    timeoutMs: seconds("timeoutSeconds", 1, PROBE_DEFAULTS.timeoutSeconds) * 1000,
    successThreshold: seconds("successThreshold", 1, PROBE_DEFAULTS.successThreshold),
  };
}

export function readTerminationGrace(fields: ResourceFields): number {
  const seconds = fields.optionalInteger(["spec", "template", "spec", "terminationGracePeriodSeconds"], 0, DAY_SECONDS);
  return seconds === undefined ? DEFAULT_TERMINATION_GRACE_MS : seconds * 1000;
}

/** `sleep N` as an exec command: the binary alone, or through a shell. */
const SLEEP_ARGV = /^(?:\/(?:usr\/)?bin\/)?sleep$/;
const SHELL = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh$/;

export function readPreStop(fields: ResourceFields, container: Path, graceMs: number): PreStop | undefined {
  const at: Path = [...container, "lifecycle", "preStop"];
  if (!fields.has(at)) return undefined;
  const sleep: Path = [...at, "sleep"];
  const exec: Path = [...at, "exec"];
  if (fields.has(sleep) === fields.has(exec)) fields.fail(at, "needs exactly one of sleep, exec");
  let preStop: PreStop;
  let where: Path;
  if (fields.has(sleep)) {
    where = [...sleep, "seconds"];
    const seconds = fields.integer(where, 0, DAY_SECONDS);
    preStop = { sleepMs: seconds * 1000, as: `sleep: ${seconds}s` };
  } else {
    where = [...exec, "command"];
    const argv = fields.stringList(where);
    const words = argv.length === 3 && SHELL.test(argv[0] ?? "") && argv[1] === "-c" ? (argv[2] ?? "").trim().split(/\s+/) : argv;
    const seconds = words.length === 2 && SLEEP_ARGV.test(words[0] ?? "") && /^\d+(\.\d+)?$/.test(words[1] ?? "") ? Number(words[1]) : undefined;
    if (seconds === undefined) fields.fail(where, `the local mesh runs a preStop exec only when it is sleep N (or sh -c "sleep N"), got ${JSON.stringify(argv)}`);
    preStop = { sleepMs: Math.round(seconds * 1000), as: `exec: ${words.join(" ")}` };
  }
  // The grace period covers the hook and the app's own shutdown: a hook as long kills the app
  // before it ever gets SIGTERM (the API server refuses a sleep action that long outright).
  if (preStop.sleepMs >= graceMs) {
    fields.fail(where, `a ${preStop.sleepMs / 1000}s preStop does not fit terminationGracePeriodSeconds ${graceMs / 1000}: the pod is killed before the app gets SIGTERM`);
  }
  return preStop;
}
