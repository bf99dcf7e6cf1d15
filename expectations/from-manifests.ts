// The target profile a directory of manifests promises, for a mesh served from them anywhere
// (the kind cluster; the local mesh builds its own from the model it serves). Where the mesh
// is reached (gateway origin, forwarder URLs and tokens) is the caller's to say: nothing here
// starts or asks a running mesh.
import { loadMesh } from "../manifests/load.js";
import type { AppEnvCheck } from "../manifests/map-workloads.js";
import type { TargetProfile } from "../spec/profile/types.js";
import { buildProfile, type ForwarderVantage } from "./profile.js";

export interface ManifestProfileOptions {
  manifestsDir?: string;
  gatewayValues?: string;
  /** Profile name (e.g. the kind cluster's). */
  name: string;
  /** Where the gateway is reached, e.g. http://127.0.0.1:8080. */
  gatewayOrigin: string;
  /** Where each Gateway API Gateway's own gateway is reached, by `namespace/name`. */
  gatewayApiOrigins?: Record<string, string>;
  /** The forwarder vantages as reached from here, by name (in-mesh ones with their SPIFFE ID). */
  forwarders: ForwarderVantage[];
  /** The kubeconfig context the disruption check restarts workloads in. */
  kubeContext?: string;
  /** The app's reading of each Deployment's env (see LoadMeshOptions.appEnv). */
  appEnv?: AppEnvCheck;
}

/** Throws ManifestError (bad manifests), with a one-line message. */
export function profileFromManifests(opts: ManifestProfileOptions): TargetProfile {
  const model = loadMesh({
    ...(opts.manifestsDir !== undefined ? { manifestsDir: opts.manifestsDir } : {}),
    ...(opts.gatewayValues !== undefined ? { gatewayValues: opts.gatewayValues } : {}),
    ...(opts.appEnv !== undefined ? { appEnv: opts.appEnv } : {}),
  });
  return buildProfile({
    model,
    name: opts.name,
    gatewayOrigin: opts.gatewayOrigin,
    ...(opts.gatewayApiOrigins !== undefined && { gatewayApiOrigins: opts.gatewayApiOrigins }),
    forwarders: opts.forwarders,
    ...(opts.kubeContext !== undefined && { kubeContext: opts.kubeContext }),
  });
}
