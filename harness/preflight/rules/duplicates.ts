// Two documents for one object: `kubectl apply` keeps only the last, so the earlier one's
// behaviour silently disappears (the seed's header routing and canary were both workshop-vs).
import { errorAt } from "../finding.js";
import type { Config, Finding, Resource } from "../types.js";

export function duplicates(config: Config): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, Resource>();
  for (const r of config.resources) {
    if (!r.name || r.kind === "Cluster") continue;
    const key = `${r.apiVersion.split("/")[0]}/${r.kind}/${r.namespace ?? ""}/${r.name}`;
    const first = seen.get(key);
    if (first) {
      out.push(errorAt("duplicate-resource", r.doc, ["metadata", "name"], `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name} is also defined at ${first.doc.file}:${first.doc.line}; applying both keeps only the last: give each its own name`));
    } else seen.set(key, r);
  }
  return out;
}
