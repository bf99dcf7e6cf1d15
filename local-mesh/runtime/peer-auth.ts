// Which PeerAuthentication mode applies to a workload's inbound listener (Istio precedence:
// a workload-selector policy beats the namespace-wide one; the root namespace's mesh-wide
// policy is not modelled; nothing at all means Istio's default, PERMISSIVE).
import type { MeshModel, MtlsMode, Workload } from "../../manifests/types.js";
import { selects } from "../../manifests/labels.js";

export function mtlsModeFor(model: MeshModel, workload: Workload): MtlsMode {
  const inNs = model.peerAuthentications.filter((p) => p.namespace === workload.namespace);
  const specific = inNs.filter((p) => p.selector && Object.keys(p.selector).length > 0 && selects(p.selector, workload.labels));
  // Istio picks the oldest on conflict; with no timestamps, the first in manifest order.
  if (specific[0]) return specific[0].mode;
  const wide = inNs.find((p) => !p.selector || Object.keys(p.selector).length === 0);
  return wide?.mode ?? "PERMISSIVE";
}
