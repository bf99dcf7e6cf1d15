// Carrying out a profile's RestartAction: POST to the local mesh's control listener, or on a
// cluster what `kubectl rollout restart` + `rollout status` do, through the Kubernetes API with
// client-node (the same way into the cluster as --target kind; no kubectl binary needed).
import { request } from "undici";
import { ADMIN_TOKEN_HEADER } from "../../spec/echo/admin-token.js";
import type { RestartAction } from "../../spec/profile/types.js";
import { KubeConfigError, loadKubeConfig } from "../kube/config.js";
import { rolloutRestart } from "../kube/rollout.js";

/** Bounds on a cluster rollout; tests shorten them. */
export interface RolloutTiming {
  /** A rollout of one small pod with its image present takes seconds; this bounds a stuck one. */
  timeoutMs: number;
  /** One API call, as --target kind's calls. */
  callTimeoutMs: number;
  /** How often the Deployment's status is read, as often as kubectl's watch would matter here. */
  pollMs: number;
}

export const DEFAULT_ROLLOUT_TIMING: RolloutTiming = { timeoutMs: 120_000, callTimeoutMs: 10_000, pollMs: 500 };

export interface RestartOutcome {
  ok: boolean;
  /** What happened, one line (the local mesh's pod names, or the rollout's generation). */
  detail: string;
}

export function describeRestart(a: RestartAction): string {
  return a.kind === "local" ? `POST ${a.url}` : `deployment ${a.namespace}/${a.deployment} restarted through the Kubernetes API${a.context ? ` (context ${a.context})` : ""}`;
}

export async function performRestart(a: RestartAction, signal: AbortSignal, timing: RolloutTiming = DEFAULT_ROLLOUT_TIMING): Promise<RestartOutcome> {
  if (a.kind === "kubernetes") {
    try {
      const kc = loadKubeConfig(a.context);
      return await rolloutRestart(kc, a.namespace, a.deployment, { signal, ...timing });
    } catch (err) {
      // rolloutRestart answers every failure itself; only the kubeconfig throws.
      if (err instanceof KubeConfigError) return { ok: false, detail: err.message };
      throw err;
    }
  }
  try {
    // The control listener answers only its run's token and JSON (apps/echo/src/admin-guard.ts).
    const res = await request(a.url, { method: "POST", headers: { "content-type": "application/json", [ADMIN_TOKEN_HEADER]: a.token }, body: "{}", signal });
    const text = await res.body.text();
    if (res.statusCode !== 200) return { ok: false, detail: `control answered ${res.statusCode}: ${text.slice(0, 200)}` };
    const r = JSON.parse(text) as { podBefore?: string; podAfter?: string; readyMs?: number; preStop?: string };
    const drain = r.preStop === undefined || r.preStop === "none" ? "old pod: SIGTERM at once (no preStop)" : `old pod: preStop (${r.preStop}), then SIGTERM`;
    return { ok: true, detail: `${r.podBefore} → ${r.podAfter} ready in ${r.readyMs} ms; ${drain}` };
  } catch (err) {
    const e = err as { message?: string };
    return { ok: false, detail: (e.message ?? String(err)).split("\n")[0] ?? "restart failed" };
  }
}
