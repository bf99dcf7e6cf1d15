// Which PeerAuthentication mode applies to a workload's inbound listener (Istio precedence:
// a workload-selector policy beats the namespace-wide one, which beats the root namespace's
// mesh-wide one; nothing at all means Istio's default, PERMISSIVE). A selector only ever
// selects in its policy's own namespace, the root namespace included.
import type { MeshModel, MtlsMode, PeerAuthentication, Workload } from "../../manifests/types.js";
import { selects } from "../../manifests/labels.js";
import { ROOT_NAMESPACE } from "../../manifests/root-namespace.js";

const wide = (p: PeerAuthentication) => !p.selector || Object.keys(p.selector).length === 0;

export function mtlsModeFor(model: MeshModel, workload: Workload): MtlsMode {
  const inNs = model.peerAuthentications.filter((p) => p.namespace === workload.namespace);
  const specific = inNs.filter((p) => !wide(p) && selects(p.selector, workload.labels));
  // Istio picks the oldest on conflict; with no timestamps, the first in manifest order.
  if (specific[0]) return specific[0].mode;
  const namespaceWide = inNs.find(wide);
  if (namespaceWide) return namespaceWide.mode;
  const meshWide = model.peerAuthentications.find((p) => p.namespace === ROOT_NAMESPACE && wide(p));
  return meshWide?.mode ?? "PERMISSIVE";
}
