// The disruption section of the profile: every Deployment with a meshcheck.io/disruption-budget
// annotation that a gateway host reaches alone (its catch-all route's Service selects only it).
// Restarted through the local mesh's control listener, or on a cluster by a rollout restart
// through the Kubernetes API.
import type { MeshModel } from "../manifests/types.js";
import type { DisruptionTarget, RestartAction } from "../spec/profile/types.js";
import { gatewayDestinations } from "./gateway-destinations.js";
import { workloadsOf } from "../manifests/labels.js";

/**
 * The traffic plan per restart kind: the local restart takes milliseconds, a rollout on a
 * cluster takes seconds (image already present), so it gets longer warm-up and settling.
 */
const PLAN = {
  local: { ratePerSec: 40, warmupMs: 400, settleMs: 600 },
  kubernetes: { ratePerSec: 20, warmupMs: 2_000, settleMs: 5_000 },
} as const;

export interface RestartVia {
  /** The local mesh's control listener and its token; absent: restart through the Kubernetes API. */
  control?: { origin: string; token: string };
  /** The kubeconfig context of the cluster (absent: the kubeconfig's current one). */
  kubeContext?: string;
}

export function deriveDisruption(model: MeshModel, origin: string, via: RestartVia): DisruptionTarget[] {
  return gatewayDestinations(model).flatMap(({ host, service }) => {
    const backends = workloadsOf(model, service);
    const w = backends.length === 1 ? backends[0] : undefined;
    if (!w || w.disruptionBudget === undefined) return [];
    const restart: RestartAction = via.control !== undefined
      ? { kind: "local", url: `${via.control.origin}/restart/${encodeURIComponent(w.namespace)}/${encodeURIComponent(w.name)}`, token: via.control.token }
      : { kind: "kubernetes", namespace: w.namespace, deployment: w.name, ...(via.kubeContext !== undefined && { context: via.kubeContext }) };
    return [{
      name: w.name,
      url: `${origin}/`,
      host,
      destination: w.env.VERSION ?? w.labels.version ?? w.name,
      ...PLAN[restart.kind],
      budget: w.disruptionBudget,
      restart,
    }];
  });
}
