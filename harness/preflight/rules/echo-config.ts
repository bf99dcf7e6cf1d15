// A Deployment of the echo image must carry an environment the echo entrypoint accepts: the app
// checks it before listening and exits 2 otherwise, so the pod crash-loops and `rollout status`
// never completes. Checked with the app's own readConfig, the env resolved as the kubelet would
// for a pod (literal values and the downward API's name and namespace). A Deployment taking env
// from elsewhere (Secrets, ConfigMaps) cannot be judged statically and is left alone.
import { readConfig } from "../../../apps/echo/src/config.js";
import { errorAt } from "../finding.js";
import { ofKind } from "../mesh-index.js";
import { asRecord, asString } from "../values.js";
import type { Config, Finding, Resource } from "../types.js";

/** meshcheck/echo with any tag or digest, from any registry. */
const ECHO_IMAGE = /(?:^|\/)meshcheck\/echo(?:[:@]|$)/;

function containers(r: Resource): Record<string, unknown>[] {
  const list = asRecord(asRecord(asRecord(r.obj.spec)?.template)?.spec)?.containers;
  return Array.isArray(list) ? list.map((c) => asRecord(c) ?? {}) : [];
}

/** Stands in for a value a Secret supplies: shaped like a valid token, never used to call anything. */
const SECRET_STAND_IN = "preflight-stand-in-secret";

/** The container's env for a pod, with each variable's index; undefined when some come from elsewhere. */
function podEnv(r: Resource, c: Record<string, unknown>): { env: Record<string, string>; index: Map<string, number> } | undefined {
  if (c.envFrom !== undefined) return undefined;
  const env: Record<string, string> = {};
  const index = new Map<string, number>();
  const list = Array.isArray(c.env) ? c.env : [];
  for (const [i, raw] of list.entries()) {
    const e = asRecord(raw) ?? {};
    const name = asString(e.name);
    if (name === "") return undefined;
    index.set(name, i);
    const fieldPath = asString(asRecord(asRecord(e.valueFrom)?.fieldRef)?.fieldPath);
    if (e.valueFrom === undefined) env[name] = typeof e.value === "string" ? e.value : e.value === undefined ? "" : String(e.value);
    else if (fieldPath === "metadata.name") env[name] = `${r.name || "pod"}-0`;
    else if (fieldPath === "metadata.namespace") env[name] = r.namespace ?? "default";
    // A Secret's value (ADMIN_TOKEN, which make cluster creates) is unknown here: a valid stand-in.
    else if (asRecord(e.valueFrom)?.secretKeyRef !== undefined) env[name] = SECRET_STAND_IN;
    else return undefined;
  }
  return { env, index };
}

export function echoConfig(config: Config): Finding[] {
  return ofKind(config, "Deployment", "apps").flatMap((r) =>
    containers(r).flatMap((c, ci) => {
      if (!ECHO_IMAGE.test(asString(c.image) ?? "")) return [];
      const pod = podEnv(r, c);
      if (!pod) return [];
      const { problems } = readConfig(pod.env);
      const first = problems[0];
      if (!first) return [];
      const i = pod.index.get(first.variable);
      const path = ["spec", "template", "spec", "containers", ci, ...(i === undefined ? ["env"] : ["env", i, "value"])];
      return [
        errorAt(
          "echo-config",
          r.doc,
          path,
          `Deployment ${r.namespace ?? "default"}/${r.name}: the echo container would exit 2 at start (CrashLoopBackOff): ${problems.map((p) => p.message).join("; ")}`,
        ),
      ];
    }),
  );
}
