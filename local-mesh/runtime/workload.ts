// One running pod of a workload: its echo app, its sidecar (inbound + outbound) or, without a
// sidecar, the passthrough relay, and the endpoint the registry routes to. A restart starts a
// second pod of the same workload under a new name (`<deployment>-<n>`), as a rollout does.
import type { MeshModel, Workload } from "../model/types.js";
import { startEcho } from "../../apps/echo/src/server.js";
import type { LocalCa } from "./ca.js";
import { spiffeId } from "./identity.js";
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
  /** Listener name → origin or URL, for `LocalMesh.addresses`. */
  addresses: Record<string, string>;
  /** The echo's forwarder and the identity it calls with (its token is the run's, PodContext.adminToken). */
  forwarder: { url: string; spiffe?: string };
  /** Requests the pod is serving now (counted at its sidecar; 0 without one). */
  inFlight(): number;
  close(): Promise<void>;
}

const origin = (port: number) => `http://127.0.0.1:${port}`;

export async function startPod(ctx: PodContext, w: Workload, pod: string): Promise<RunningPod> {
  const { model, ca, registry, random } = ctx;
  const started: { close(): Promise<void> }[] = [];
  // Reverse start order: the sidecar before the app, so nothing dials a closed port meanwhile.
  const close = async () => {
    await Promise.allSettled(started.splice(0).reverse().map((c) => c.close()));
  };
  try {
    const spiffe = spiffeId(model.trustDomain, w.namespace, w.serviceAccount);
    const identity = w.injected ? await ca.issue(spiffe) : undefined;
    const egress = identity
      ? await startOutbound({ name: w.name, namespace: w.namespace, identity, caPem: ca.caPem, registry, model, random })
      : await startPassthrough({ name: w.name, namespace: w.namespace, registry, random });
    started.push(egress);
    const echo = await startEcho({
      version: w.env.VERSION ?? w.labels.version ?? "unknown",
      service: w.env.SERVICE_NAME ?? w.name,
      pod,
      namespace: w.namespace,
      port: 0,
      adminPort: 0,
      outboundProxy: origin(egress.port),
      // FAILURE_RATIO as the echo's main.ts reads it (the outlier check's failing pod).
      ...(w.env.FAILURE_RATIO !== undefined && { failureRatio: Number(w.env.FAILURE_RATIO) }),
      shutdownGraceMs: 0,
      adminToken: ctx.adminToken,
    });
    started.push(echo);
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
      started.push(inbound);
      podPort = inbound.port;
    }
    const key = `${w.namespace}/${w.name}`;
    return {
      pod,
      endpoint: { workload: w, port: podPort, sidecar: !!identity, ...(identity ? { identity: spiffe } : {}) },
      addresses: {
        [key]: origin(podPort),
        [`${key}/app`]: origin(echo.port),
        [`${key}/forwarder`]: `${origin(echo.adminPort)}/forward`,
        [`${key}/${identity ? "outbound" : "passthrough"}`]: origin(egress.port),
      },
      forwarder: { url: `${origin(echo.adminPort)}/forward`, ...(identity ? { spiffe } : {}) },
      inFlight: () => inFlight.count,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
