// The Host a probe sends to reach a VirtualService through the gateway: its first host other
// than `*` (which names nothing to send), a wildcard made concrete (`*.x` → `probe.x`).
import type { VirtualService } from "../manifests/types.js";

export function probeHost(vs: VirtualService): string | undefined {
  const pattern = vs.hosts.find((h) => h !== "*");
  if (pattern === undefined) return undefined;
  return pattern.startsWith("*.") ? `probe${pattern.slice(1)}` : pattern;
}
