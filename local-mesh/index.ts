// The local mesh's public API: serve kind/manifests on 127.0.0.1 with no cluster, Docker or
// Envoy, and describe it as a target profile (expectations/ derives it). The harness uses
// nothing else from local-mesh.
import { loadMesh } from "../manifests/load.js";
import { readConfig } from "../apps/echo/src/config.js";
import { serveMesh, type LocalMesh } from "./runtime/mesh.js";

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
    // Each Deployment's env through the echo entrypoint's own reading: one it would refuse fails here.
    appEnv: readConfig,
    ...(opts.manifestsDir !== undefined ? { manifestsDir: opts.manifestsDir } : {}),
    ...(opts.gatewayValues !== undefined ? { gatewayValues: opts.gatewayValues } : {}),
  });
  return serveMesh(model, {
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.endpointPropagationMs !== undefined ? { endpointPropagationMs: opts.endpointPropagationMs } : {}),
  });
}
