// Serving a MeshModel on loopback: a CA, one echo app (+ sidecar when injected) per workload,
// and the ingress gateway. Everything binds 127.0.0.1 on port 0; stop() undoes all of it.
import type { MeshModel, Workload } from "../model/types.js";
import type { TargetProfile } from "../../harness/profile/types.js";
import { startEcho, type RunningEcho } from "../../apps/echo/src/server.js";
import { createLocalCa, type LocalCa } from "./ca.js";
import { applyFaults, parseFaults } from "./faults.js";
import { spiffeId } from "./identity.js";
import { mtlsModeFor } from "./peer-auth.js";
import { policiesFor } from "./authz.js";
import { Registry } from "./registry.js";
import { startInbound } from "./sidecar-inbound.js";
import { startOutbound } from "./sidecar-outbound.js";
import { startPassthrough } from "./passthrough.js";
import { startGateway } from "./gateway.js";
import { buildProfile, type ForwarderVantage } from "./profile.js";

export interface ServeOptions {
  faults?: string[];
  /** Randomness for weighted routes and endpoint picks (default Math.random). */
  random?: () => number;
}

export interface LocalMesh {
  profile: TargetProfile;
  /** Name → origin or URL of every listener, for people and for tests. */
  addresses: Record<string, string>;
  /** The 0700 directory holding the keys (removed by stop). */
  keyDir: string;
  stop(): Promise<void>;
}

interface Closable {
  close(): Promise<void>;
}

const origin = (port: number) => `http://127.0.0.1:${port}`;

/** The vantage name of a forwarder: in-mesh workloads by service account, others by name. */
function vantageName(w: Workload): string {
  return w.injected ? w.serviceAccount : w.name;
}

export async function serveMesh(manifests: MeshModel, opts: ServeOptions = {}): Promise<LocalMesh> {
  const random = opts.random ?? Math.random;
  const { model, down } = applyFaults(manifests, parseFaults(opts.faults ?? []));
  const started: Closable[] = [];
  let ca: LocalCa | undefined;
  const stopAll = async () => {
    // Reverse start order: edges first, then apps, so nothing dials a closed port meanwhile.
    const all = started.splice(0).reverse();
    await Promise.allSettled(all.map((c) => c.close()));
    await ca?.dispose();
  };
  try {
    ca = await createLocalCa(model.trustDomain);
    const caPem = ca.caPem;
    const registry = new Registry(model);
    const addresses: Record<string, string> = {};
    const forwarders: ForwarderVantage[] = [];

    for (const w of model.workloads) {
      if (down.has(`${w.namespace}/${w.name}`)) continue;
      const key = `${w.namespace}/${w.name}`;
      const spiffe = spiffeId(model.trustDomain, w.namespace, w.serviceAccount);
      const identity = w.injected ? await ca.issue(spiffe) : undefined;
      const egress = identity
        ? await startOutbound({ name: w.name, namespace: w.namespace, identity, caPem, registry, model, random })
        : await startPassthrough({ name: w.name, namespace: w.namespace, registry, random });
      started.push(egress);
      const echo: RunningEcho = await startEcho({
        version: w.env.VERSION ?? w.labels.version ?? "unknown",
        service: w.env.SERVICE_NAME ?? w.name,
        pod: w.env.POD_NAME ?? `${w.name}-0`,
        namespace: w.namespace,
        port: 0,
        adminPort: 0,
        outboundProxy: origin(egress.port),
        // FAILURE_RATIO as the echo's main.ts reads it (the outlier check's failing pod).
        ...(w.env.FAILURE_RATIO !== undefined && { failureRatio: Number(w.env.FAILURE_RATIO) }),
        shutdownGraceMs: 0,
      });
      started.push(echo);
      let podPort = echo.port;
      if (identity) {
        const inbound = await startInbound({
          name: w.name,
          mode: mtlsModeFor(model, w),
          policies: policiesFor(model.authorizationPolicies, w),
          identity,
          caPem,
          appPort: echo.port,
        });
        started.push(inbound);
        podPort = inbound.port;
      }
      registry.add({ workload: w, port: podPort, sidecar: !!identity, ...(identity ? { identity: spiffe } : {}) });
      addresses[key] = origin(podPort);
      addresses[`${key}/app`] = origin(echo.port);
      addresses[`${key}/forwarder`] = `${origin(echo.adminPort)}/forward`;
      addresses[`${key}/${identity ? "outbound" : "passthrough"}`] = origin(egress.port);
      const vName = vantageName(w);
      if (!forwarders.some((f) => f.name === vName)) {
        forwarders.push({ name: vName, url: `${origin(echo.adminPort)}/forward`, ...(identity ? { spiffe } : {}) });
      }
    }

    const gw = model.ingressGateway;
    const gatewayIdentity = await ca.issue(spiffeId(model.trustDomain, gw.namespace, gw.serviceAccount));
    const gateway = await startGateway({ model, identity: gatewayIdentity, caPem, registry, random });
    started.push(gateway);
    addresses.gateway = origin(gateway.port);

    // A client holding a mesh certificate but no sidecar (the `tls` vantage).
    const holder = await ca.issueToFiles(spiffeId(model.trustDomain, "outside", "cert-holder"), "cert-holder");

    const profile = buildProfile({
      model: manifests,
      gatewayOrigin: origin(gateway.port),
      forwarders,
      certHolder: holder.files,
    });
    const keyDir = ca.dir;
    let stopping: Promise<void> | undefined;
    return {
      profile,
      addresses,
      keyDir,
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
