// One running pod of a workload: its echo app, its sidecar (inbound + outbound) or, without a
// sidecar, the passthrough relay, and the endpoint the registry routes to. A restart starts a
// second pod of the same workload under a new name (`<deployment>-<n>`), as a rollout does.
// The app is configured as its container entrypoint configures it: the Deployment's env through
// the echo's own readConfig; only where it listens and its outbound proxy are the local mesh's.
import type { MeshModel, Workload } from "../../manifests/types.js";
import { readConfig } from "../../apps/echo/src/config.js";
import { startEcho } from "../../apps/echo/src/server.js";
import type { LocalCa } from "./ca.js";
import { spiffeId } from "../../manifests/identity.js";
import { mtlsModeFor } from "./peer-auth.js";
import { policiesFor } from "./authz.js";
import type { Endpoint, Registry } from "./registry.js";
import { startInbound } from "./sidecar-inbound.js";
import { startOutbound } from "./sidecar-outbound.js";
import { startPassthrough } from "./passthrough.js";

export interface PodContext {
  model: MeshModel;
  ca: LocalCa;
  registry: Registry;
  random: () => number;
  /** This run's admin token: every pod's forwarder asks for it (the profile carries it to the harness). */
  adminToken: string;
}

export interface RunningPod {
  pod: string;
  endpoint: Endpoint;
  /** The app's own port (what the kubelet probes). */
  appPort: number;
  /** Listener name → origin or URL, for `LocalMesh.addresses`. */
  addresses: Record<string, string>;
  /** The echo's forwarder and the identity it calls with (its token is the run's, PodContext.adminToken). */
  forwarder: { url: string; spiffe?: string };
  /** Requests the pod is serving now (counted at its sidecar; 0 without one). */
  inFlight(): number;
  /** SIGTERM to the app: it stops accepting and finishes in-flight requests within its SHUTDOWN_GRACE_MS. */
  terminateApp(): Promise<void>;
  /** The sidecar container exits (the pod's inbound and outbound listeners close). */
  stopSidecar(): Promise<void>;
  /** SIGKILL: everything stops now. */
  close(): Promise<void>;
}

/** The container's environment for pod `pod`: the Deployment's env, metadata.name resolved for
 * this pod, and ADMIN_TOKEN set to the run's token — the local mesh is its only source, as the
 * Secret make cluster creates is on kind, and the profile hands the same token to the harness. */
export function podEnv(w: Workload, pod: string, adminToken: string): Record<string, string> {
  const env = { ...w.env };
  for (const name of w.podNameEnv ?? []) env[name] = pod;
  env.ADMIN_TOKEN = adminToken;
  return env;
}

const origin = (port: number) => `http://127.0.0.1:${port}`;

export async function startPod(ctx: PodContext, w: Workload, pod: string): Promise<RunningPod> {
  const { model, ca, registry, random } = ctx;
  // Checked when the manifests loaded; a problem here means the model was built by hand.
  const { config, problems } = readConfig(podEnv(w, pod, ctx.adminToken));
  if (problems.length > 0) throw new Error(`${w.namespace}/${pod}: the echo container exits 2: ${problems.map((p) => p.message).join("; ")}`);
  const sidecar: { close(): Promise<void> }[] = [];
  let app: { close(graceMs?: number): Promise<void> } | undefined;
  const stopSidecar = async () => {
    await Promise.allSettled(sidecar.splice(0).reverse().map((c) => c.close()));
  };
  // The sidecar before the app, so nothing dials a closed port meanwhile.
  const close = async () => {
    await stopSidecar();
    await app?.close(0);
  };
  try {
    const spiffe = spiffeId(model.trustDomain, w.namespace, w.serviceAccount);
    const identity = w.injected ? await ca.issue(spiffe) : undefined;
    const egress = identity
      ? await startOutbound({ name: w.name, namespace: w.namespace, identity, caPem: ca.caPem, registry, model, random })
      : await startPassthrough({ name: w.name, namespace: w.namespace, registry, random });
    sidecar.push(egress);
    const echo = await startEcho({
      ...config,
      host: "127.0.0.1",
      port: 0,
      adminHost: "127.0.0.1",
      adminPort: 0,
      outboundProxy: origin(egress.port),
    });
    app = echo;
    const inFlight = { count: 0 };
    let podPort = echo.port;
    if (identity) {
      const inbound = await startInbound({
        name: w.name,
        mode: mtlsModeFor(model, w),
        policies: policiesFor(model.authorizationPolicies, w),
        identity,
        caPem: ca.caPem,
        appPort: echo.port,
        inFlight,
      });
      sidecar.push(inbound);
      podPort = inbound.port;
    }
    const key = `${w.namespace}/${w.name}`;
    return {
      pod,
      endpoint: { workload: w, pod, port: podPort, sidecar: !!identity, ...(identity ? { identity: spiffe } : {}) },
      appPort: echo.port,
      addresses: {
        [key]: origin(podPort),
        [`${key}/app`]: origin(echo.port),
        [`${key}/forwarder`]: `${origin(echo.adminPort)}/forward`,
        [`${key}/${identity ? "outbound" : "passthrough"}`]: origin(egress.port),
      },
      forwarder: { url: `${origin(echo.adminPort)}/forward`, ...(identity ? { spiffe } : {}) },
      inFlight: () => inFlight.count,
      terminateApp: () => echo.close(),
      stopSidecar,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
