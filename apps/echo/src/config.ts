// Reads the echo app's configuration from the environment (the container contract), reporting
// every problem at once in one line so a bad Deployment is fixed in one round.
import { hostname } from "node:os";
import { tokenProblem } from "./admin-guard.js";
import { parseProxyOrigin } from "./outbound-proxy.js";
import type { Variant } from "./protocol.js";
import type { EchoOptions } from "./server.js";

export const VARIANTS: readonly Variant[] = ["v1", "v2", "dev", "prod"];

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

/** Empty values count as unset: Kubernetes renders `value: ""` for an optional knob that way. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function loadConfig(env: Env): EchoOptions & { host: string; adminHost: string } {
  const problems: string[] = [];

  const version = read(env, "VERSION");
  if (version === undefined) problems.push(`VERSION is required (one of ${VARIANTS.join("|")})`);
  else if (!(VARIANTS as readonly string[]).includes(version)) {
    problems.push(`VERSION must be one of ${VARIANTS.join("|")}, got "${version}"`);
  }
  const service = read(env, "SERVICE_NAME");
  if (service === undefined) problems.push("SERVICE_NAME is required");
  const namespace = read(env, "POD_NAMESPACE");
  if (namespace === undefined) problems.push("POD_NAMESPACE is required (downward API metadata.namespace)");

  const port = (name: string, fallback: number): number => {
    const text = read(env, name);
    if (text === undefined) return fallback;
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
      problems.push(`${name} must be a port number 0..65535, got "${text}"`);
      return fallback;
    }
    return Number(text);
  };

  const ratioText = read(env, "FAILURE_RATIO");
  let failureRatio = 0;
  if (ratioText !== undefined) {
    failureRatio = Number(ratioText);
    if (!Number.isFinite(failureRatio) || failureRatio < 0 || failureRatio > 1) {
      problems.push(`FAILURE_RATIO must be a number between 0 and 1, got "${ratioText}"`);
    }
  }

  const graceText = read(env, "SHUTDOWN_GRACE_MS");
  let shutdownGraceMs = 10_000;
  if (graceText !== undefined) {
    if (/^\d{1,9}$/.test(graceText)) shutdownGraceMs = Number(graceText);
    else problems.push(`SHUTDOWN_GRACE_MS must be whole milliseconds, got "${graceText}"`);
  }

  const proxyText = read(env, "MESH_OUTBOUND_PROXY");
  let outboundProxy: string | undefined;
  if (proxyText !== undefined) {
    const parsed = parseProxyOrigin(proxyText);
    if (parsed.ok) outboundProxy = parsed.origin;
    else problems.push(`MESH_OUTBOUND_PROXY ${parsed.error}`);
  }

  // No default: a forwarder with a token anyone could know is the hole the token closes.
  const adminToken = read(env, "ADMIN_TOKEN");
  if (adminToken === undefined) problems.push("ADMIN_TOKEN is required (the secret the forwarder asks for in x-meshcheck-token; on kind the Secret meshcheck-admin)");
  else {
    const issue = tokenProblem(adminToken);
    if (issue !== undefined) problems.push(`ADMIN_TOKEN ${issue}`);
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
  if (problems.length > 0) throw new ConfigError(problems.join("; "));
  return options;
}
