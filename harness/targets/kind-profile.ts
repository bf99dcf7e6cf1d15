// The kind cluster's target profile: the plan's gateway address and the forwarders' local
// port-forward URLs and tokens, with expectations derived from the manifests exactly as for the
// local mesh.
import { join } from "node:path";
import type { TargetProfile } from "../../spec/profile/types.js";
import type { KindPlan } from "./kind-plan.js";
import { profileFromManifests } from "../../expectations/from-manifests.js";
import { readConfig } from "../../apps/echo/src/config.js";

export async function kindProfile(plan: KindPlan, kindDir: string, forwarders: Record<string, { url: string; token: string }>): Promise<TargetProfile> {
  return profileFromManifests({
    manifestsDir: join(kindDir, "manifests"),
    gatewayValues: join(kindDir, "helm", "gateway-values.yaml"),
    // A Deployment the echo entrypoint would refuse is a manifest error here, as for the local mesh.
    appEnv: readConfig,
    name: plan.context,
    gatewayOrigin: plan.gatewayOrigin,
    // Istio deploys a gateway per Gateway API Gateway: their HTTPRoutes are probed there.
    gatewayApiOrigins: Object.fromEntries(plan.gatewayApi.map((g) => [`${g.namespace}/${g.gateway}`, g.origin])),
    // The disruption check restarts workloads through the Kubernetes API in this context.
    kubeContext: plan.context,
    forwarders: plan.forwarders.flatMap((f) => {
      const reached = forwarders[f.name];
      return reached ? [{ name: f.name, url: reached.url, token: reached.token, ...(f.spiffe ? { spiffe: f.spiffe } : {}) }] : [];
    }),
  });
}
