// Serving a MeshModel on loopback: a CA, one echo app (+ sidecar when injected) per workload,
// the ingress gateway, and a control listener that restarts workloads. Everything binds 127.0.0.1 on port 0; stop() undoes all of it.
import { randomBytes } from "node:crypto";
import type { MeshModel, Workload } from "../../manifests/types.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import { createLocalCa, type LocalCa } from "./ca.js";
import { applyFaults, parseFaults } from "./faults.js";
import { spiffeId } from "../../manifests/identity.js";
import { Registry } from "./registry.js";
import { startGateway } from "./gateway.js";
import { Pods } from "./restart.js";
import { startControl } from "./control.js";
import { buildProfile, type ForwarderVantage } from "../../expectations/profile.js";
import { DEFAULT_ENDPOINT_PROPAGATION_MS } from "./propagation.js";

export interface ServeOptions {
  faults?: string[];
  /** How long endpoint changes take to reach the proxies (default DEFAULT_ENDPOINT_PROPAGATION_MS). */
  endpointPropagationMs?: number;
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
  const faults = parseFaults(opts.faults ?? []);
  const { model, down } = applyFaults(manifests, faults);
  const started: Closable[] = [];
  let ca: LocalCa | undefined;
  let registry: Registry | undefined;
  const stopAll = async () => {
    // Reverse start order: edges first, then apps, so nothing dials a closed port meanwhile.
    const all = started.splice(0).reverse();
    await Promise.allSettled(all.map((c) => c.close()));
    registry?.close();
    await ca?.dispose();
  };
  try {
    ca = await createLocalCa(model.trustDomain);
    const caPem = ca.caPem;
    registry = new Registry(model, opts.endpointPropagationMs ?? DEFAULT_ENDPOINT_PROPAGATION_MS);
    const addresses: Record<string, string> = {};
    const forwarders: ForwarderVantage[] = [];

    // The first workload of each vantage name serves its forwarder; those are not restartable.
    const vantageHosts = new Map<string, Workload>();
    for (const w of model.workloads) {
      if (!down.has(`${w.namespace}/${w.name}`) && !vantageHosts.has(vantageName(w))) vantageHosts.set(vantageName(w), w);
    }
    const pinned = new Set([...vantageHosts.values()].map((w) => `${w.namespace}/${w.name}`));
    // One secret per start for every forwarder and the control listener; only the profile carries it.
    const adminToken = randomBytes(32).toString("base64url");
    const pods = new Pods({ model, ca, registry, random, adminToken }, pinned);
    started.push({ close: () => pods.closeAll() });

    for (const w of model.workloads) {
      if (down.has(`${w.namespace}/${w.name}`)) continue;
      const pod = await pods.start(w);
      Object.assign(addresses, pod.addresses);
      if (vantageHosts.get(vantageName(w)) === w) {
        forwarders.push({ name: vantageName(w), url: pod.forwarder.url, token: adminToken, ...(pod.forwarder.spiffe ? { spiffe: pod.forwarder.spiffe } : {}) });
      }
    }

    const control = await startControl(pods, adminToken);
    started.push(control);
    addresses.control = origin(control.port);

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
      control: { origin: origin(control.port), token: adminToken },
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
