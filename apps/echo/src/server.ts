// startEcho: one echo instance = a service port (what the mesh routes to) and an admin port
// (the forwarder). The local mesh starts many in-process; main.ts starts one from env.
import { createServer, type Server } from "node:http";
import { adminHandler } from "./admin.js";
import { tokenProblem } from "../../../spec/echo/admin-token.js";
import { closeGracefully, listen } from "./graceful.js";
import type { WorkloadIdentity } from "./identity.js";
import { parseProxyOrigin } from "./outbound-proxy.js";
import { serviceHandler } from "./service.js";

export interface EchoOptions {
  version: string;
  service: string;
  pod: string;
  namespace: string;
  /** Service port bind address (default 127.0.0.1 in-process; main.ts passes 0.0.0.0). */
  host?: string;
  /** Service port (default 8080; 0 picks a free port). */
  port?: number;
  /** Admin (forwarder) bind address (default 127.0.0.1: never expose the forwarder). */
  adminHost?: string;
  /** Admin port (default 8081; 0 picks a free port). */
  adminPort?: number;
  /** Share of service-port requests that fail (0..1, default 0). */
  failureRatio?: number;
  /** Origin the forwarder dials instead of the URL's host, e.g. a sidecar's outbound port. */
  outboundProxy?: string;
  /** The per-run secret the forwarder requires in x-meshcheck-token (see admin-guard.ts). */
  adminToken: string;
  /** How long close() lets in-flight requests finish (default 10000 ms). */
  shutdownGraceMs?: number;
  /** Source of randomness for failure injection (default Math.random); inject for tests. */
  random?: () => number;
}

export interface RunningEcho {
  port: number;
  adminPort: number;
  /**
   * Stop accepting and let in-flight requests finish within `graceMs` (default: the
   * shutdownGraceMs option); 0 cuts them at once, also during a close already under way.
   */
  close(graceMs?: number): Promise<void>;
}

export class EchoOptionsError extends Error {
  override name = "EchoOptionsError";
}

/** Throws EchoOptionsError on the first bad option; returns the normalized proxy origin. */
function checkOptions(opts: EchoOptions): string | undefined {
  for (const key of ["version", "service", "pod", "namespace"] as const) {
    if (typeof opts[key] !== "string" || opts[key].trim() === "") {
      throw new EchoOptionsError(`echo option "${key}" must be a non-empty string`);
    }
  }
  for (const key of ["port", "adminPort"] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 65535)) {
      throw new EchoOptionsError(`echo option "${key}" must be an integer 0..65535, got ${v}`);
    }
  }
  // Checked here, not only in config.ts: an in-process caller gets no forwarder anyone can guess.
  const tokenIssue = typeof opts.adminToken === "string" ? tokenProblem(opts.adminToken) : "must be a string";
  if (tokenIssue !== undefined) throw new EchoOptionsError(`echo option "adminToken" ${tokenIssue}`);
  const ratio = opts.failureRatio;
  if (ratio !== undefined && !(Number.isFinite(ratio) && ratio >= 0 && ratio <= 1)) {
    throw new EchoOptionsError(`echo option "failureRatio" must be between 0 and 1, got ${ratio}`);
  }
  const grace = opts.shutdownGraceMs;
  if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) {
    throw new EchoOptionsError(`echo option "shutdownGraceMs" must be a whole number of ms >= 0, got ${grace}`);
  }
  if (opts.outboundProxy === undefined) return undefined;
  const proxy = parseProxyOrigin(opts.outboundProxy);
  if (!proxy.ok) throw new EchoOptionsError(`echo option "outboundProxy" ${proxy.error}`);
  return proxy.origin;
}

/** Long enough that a sidecar reusing a pooled connection does not race our idle close. */
const KEEP_ALIVE_TIMEOUT_MS = 75_000;

function newServer(): Server {
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS });
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}

export async function startEcho(opts: EchoOptions): Promise<RunningEcho> {
  const outboundProxy = checkOptions(opts);
  const self: WorkloadIdentity = {
    service: opts.service,
    version: opts.version,
    pod: opts.pod,
    namespace: opts.namespace,
  };
  let draining = false;
  const isDraining = (): boolean => draining;
  const graceMs = opts.shutdownGraceMs ?? 10_000;

  const service = newServer();
  service.on(
    "request",
    serviceHandler({
      self,
      failureRatio: opts.failureRatio ?? 0,
      random: opts.random ?? Math.random,
      draining: isDraining,
    }),
  );
  const admin = newServer();
  admin.on("request", adminHandler({ self, outboundProxy, draining: isDraining, token: opts.adminToken }));

  const port = await listen(service, opts.port ?? 8080, opts.host ?? "127.0.0.1");
  let adminPort: number;
  try {
    adminPort = await listen(admin, opts.adminPort ?? 8081, opts.adminHost ?? "127.0.0.1");
  } catch (err) {
    await closeGracefully(service, 0);
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    adminPort,
    close(grace = graceMs) {
      draining = true;
      closing ??= Promise.all([closeGracefully(service, grace), closeGracefully(admin, grace)]).then(
        () => undefined,
      );
      if (grace === 0) {
        service.closeAllConnections();
        admin.closeAllConnections();
      }
      return closing;
    },
  };
}
