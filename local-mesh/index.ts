// The local mesh's public API: serve kind/manifests on 127.0.0.1 with no cluster, Docker or
// Envoy, and describe it as a target profile. The harness uses nothing else from local-mesh.
import { loadMesh } from "../manifests/load.js";
import { serveMesh, type LocalMesh } from "./runtime/mesh.js";
import { buildProfile, type ForwarderVantage } from "../expectations/profile.js";
import type { TargetProfile } from "../spec/profile/types.js";

export type { LocalMesh } from "./runtime/mesh.js";
export { FaultError, FAULT_USAGE } from "./runtime/faults.js";

export interface LocalMeshOptions {
  /** Directory of manifests (default kind/manifests). */
  manifestsDir?: string;
  /** istio/gateway helm values (default kind/helm/gateway-values.yaml). */
  gatewayValues?: string;
  /** Deliberate defects, e.g. `canary-weights=80/20`, `down=workshop-app-v2`. */
  faults?: string[];
  /** Randomness for weighted routes and endpoint picks (default Math.random). */
  random?: () => number;
  /** How long endpoint changes take to reach the gateway and sidecars (default 1 s; see runtime/propagation.ts). */
  endpointPropagationMs?: number;
}

/**
 * Start the mesh. Throws ManifestError (bad manifests), FaultError (bad fault) or Error (could
 * not listen), each with a one-line message; nothing is left running after a throw.
 */
export async function startLocalMesh(opts: LocalMeshOptions = {}): Promise<LocalMesh> {
  const model = loadMesh({
    ...(opts.manifestsDir !== undefined ? { manifestsDir: opts.manifestsDir } : {}),
    ...(opts.gatewayValues !== undefined ? { gatewayValues: opts.gatewayValues } : {}),
  });
  return serveMesh(model, {
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.endpointPropagationMs !== undefined ? { endpointPropagationMs: opts.endpointPropagationMs } : {}),
  });
}

export type { ForwarderVantage } from "../expectations/profile.js";

export interface ManifestProfileOptions {
  manifestsDir?: string;
  gatewayValues?: string;
  /** Profile name (e.g. the kind cluster's). */
  name: string;
  /** Where the gateway is reached, e.g. http://127.0.0.1:8080. */
  gatewayOrigin: string;
  /** The forwarder vantages as reached from here, by name (in-mesh ones with their SPIFFE ID). */
  forwarders: ForwarderVantage[];
  /** The kubeconfig context the disruption check restarts workloads in. */
  kubeContext?: string;
}

/**
 * The target profile the manifests promise, for the same mesh served elsewhere (the kind
 * driver): one derivation of expectations for both targets, so they check the same things.
 * Throws ManifestError like startLocalMesh.
 */
export function profileFromManifests(opts: ManifestProfileOptions): TargetProfile {
  const model = loadMesh({
    ...(opts.manifestsDir !== undefined ? { manifestsDir: opts.manifestsDir } : {}),
    ...(opts.gatewayValues !== undefined ? { gatewayValues: opts.gatewayValues } : {}),
  });
  return buildProfile({
    model,
    name: opts.name,
    gatewayOrigin: opts.gatewayOrigin,
    forwarders: opts.forwarders,
    ...(opts.kubeContext !== undefined && { kubeContext: opts.kubeContext }),
  });
}
