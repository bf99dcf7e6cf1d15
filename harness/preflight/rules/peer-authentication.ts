// STRICT mTLS is enforced by sidecars: a PeerAuthentication in a namespace whose pods get no
// sidecar (not declared, or not labelled for injection) protects nothing.
import { errorAt } from "../finding.js";
import { namespaceInjected, namespaceResource, ofKind } from "../mesh-index.js";
import type { Config, Finding } from "../types.js";

export function peerAuthentication(config: Config): Finding[] {
  const out: Finding[] = [];
  for (const pa of ofKind(config, "PeerAuthentication", "security.istio.io")) {
    const ns = pa.namespace;
    // The root namespace (istio-system) makes a mesh-wide policy: no workloads of its own needed.
    if (!ns || ns === config.gateway.namespace) continue;
    const declared = namespaceResource(config, ns);
    if (!declared) {
      out.push(errorAt("peer-auth-namespace", pa.doc, ["metadata", "namespace"], `PeerAuthentication ${pa.name} is in namespace ${ns}, which the manifests never create: declare it with label istio-injection=enabled`));
    } else if (!namespaceInjected(declared)) {
      out.push(errorAt("peer-auth-namespace", pa.doc, ["metadata", "namespace"], `PeerAuthentication ${pa.name}: namespace ${ns} has no sidecar injection (label istio-injection=enabled), so no sidecar enforces its mTLS mode`));
    }
  }
  return out;
}
