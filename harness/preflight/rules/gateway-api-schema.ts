// Gateway API resources against the CRDs make cluster installs (the pinned standard channel):
// a field the schema refuses is refused by `kubectl apply` too, after the cluster is built; a
// kind or version those CRDs do not serve (an experimental-channel kind, a retired version)
// has no CRD to land in at all. Said here, before anything is created, at file:line.
import { errorAt } from "../finding.js";
import { GATEWAY_API_VERSION } from "../gateway-api-crds.js";
import { pinnedSchemaCheck } from "../schema-cache.js";
import { GATEWAY_API_GROUP } from "../gateway-api-index.js";
import type { Config, Finding } from "../types.js";

export function gatewayApiSchema(config: Config): Finding[] {
  const resources = config.resources.filter((r) => r.apiVersion.split("/")[0] === GATEWAY_API_GROUP);
  if (resources.length === 0) return []; // the CRDs are read only when there is something to check
  const check = pinnedSchemaCheck();
  const findings = resources.flatMap((r) => {
    const what = `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
    const verdict = check.verdict(r.obj);
    if ("served" in verdict) {
      const served = verdict.served;
      const why = served?.length ? `serve ${r.kind} as ${served.join(", ")}, not ${r.apiVersion}` : `have no ${r.kind} (not in the standard channel, or not a Gateway API kind)`;
      return [errorAt("gateway-api-schema", r.doc, ["apiVersion"], `${what}: the Gateway API ${GATEWAY_API_VERSION} standard-channel CRDs make cluster installs ${why}; kubectl apply would refuse it`)];
    }
    return verdict.problems.map((p) => errorAt("gateway-api-schema", r.doc, p.path, `${what}: ${p.message} (Gateway API ${GATEWAY_API_VERSION} CRD schema)`));
  });
  check.save();
  return findings;
}
