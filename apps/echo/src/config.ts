// Reads the echo app's configuration from the environment (the container contract), reporting
// every problem at once in one line so a bad Deployment is fixed in one round. The local mesh
// reads each Deployment's env through readConfig too, so a manifest that would crash-loop a pod
// fails there with the same words.
import { hostname } from "node:os";
import { tokenProblem } from "../../../spec/echo/admin-token.js";
import { parseProxyOrigin } from "./outbound-proxy.js";
import type { Variant } from "../../../spec/echo/protocol.js";
import type { EchoOptions } from "./server.js";

export const VARIANTS: readonly Variant[] = ["v1", "v2", "dev", "prod", "steady", "flaky"];

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

/** Empty values count as unset: Kubernetes renders `value: ""` for an optional knob that way. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export type EchoConfig = EchoOptions & { host: string; adminHost: string };

/** One thing wrong with the environment: the variable it is about, and the sentence saying so. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The configuration and every problem with it (none: the entrypoint would start). */
export function readConfig(env: Env): { config: EchoConfig; problems: ConfigProblem[] } {
  const found: ConfigProblem[] = [];
  const problem = (variable: string, message: string): void => {
    found.push({ variable, message: `${variable} ${message}` });
  };

  const version = read(env, "VERSION");
  if (version === undefined) problem("VERSION", `is required (one of ${VARIANTS.join("|")})`);
  else if (!(VARIANTS as readonly string[]).includes(version)) {
    problem("VERSION", `must be one of ${VARIANTS.join("|")}, got "${version}"`);
  }
  const service = read(env, "SERVICE_NAME");
  if (service === undefined) problem("SERVICE_NAME", "is required");
  const namespace = read(env, "POD_NAMESPACE");
  if (namespace === undefined) problem("POD_NAMESPACE", "is required (downward API metadata.namespace)");

  const port = (name: string, fallback: number): number => {
    const text = read(env, name);
    if (text === undefined) return fallback;
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
      problem(name, `must be a port number 0..65535, got "${text}"`);
      return fallback;
    }
    return Number(text);
  };

  const ratioText = read(env, "FAILURE_RATIO");
  let failureRatio = 0;
  if (ratioText !== undefined) {
    failureRatio = Number(ratioText);
    if (!Number.isFinite(failureRatio) || failureRatio < 0 || failureRatio > 1) {
      problem("FAILURE_RATIO", `must be a number between 0 and 1, got "${ratioText}"`);
    }
  }

  const graceText = read(env, "SHUTDOWN_GRACE_MS");
  let shutdownGraceMs = 10_000;
  if (graceText !== undefined) {
    if (/^\d{1,9}$/.test(graceText)) shutdownGraceMs = Number(graceText);
    else problem("SHUTDOWN_GRACE_MS", `must be whole milliseconds, got "${graceText}"`);
  }

  const proxyText = read(env, "MESH_OUTBOUND_PROXY");
  let outboundProxy: string | undefined;
  if (proxyText !== undefined) {
    const parsed = parseProxyOrigin(proxyText);
    if (parsed.ok) outboundProxy = parsed.origin;
    else problem("MESH_OUTBOUND_PROXY", parsed.error);
  }

  // No default: a forwarder with a token anyone could know is the hole the token closes.
  const adminToken = read(env, "ADMIN_TOKEN");
  if (adminToken === undefined) problem("ADMIN_TOKEN", "is required (the secret the forwarder asks for in x-meshcheck-token; on kind the Secret meshcheck-admin)");
  else {
    const issue = tokenProblem(adminToken);
    if (issue !== undefined) problem("ADMIN_TOKEN", issue);
  }

  const options = {
    version: version ?? "",
    service: service ?? "",
    pod: read(env, "POD_NAME") ?? hostname(),
    namespace: namespace ?? "",
    host: read(env, "HOST") ?? "0.0.0.0",
    port: port("PORT", 8080),
    adminHost: read(env, "ADMIN_HOST") ?? "127.0.0.1",
    adminPort: port("ADMIN_PORT", 8081),
    failureRatio,
    shutdownGraceMs,
    adminToken: adminToken ?? "",
    ...(outboundProxy !== undefined ? { outboundProxy } : {}),
  };
  return { config: options, problems: found };
}

/** What the entrypoint runs: the configuration, or ConfigError naming every problem in one line. */
export function loadConfig(env: Env): EchoConfig {
  const { config, problems } = readConfig(env);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => p.message).join("; "));
  return config;
}
