// `kubectl rollout restart` and `kubectl rollout status` through the API: stamp the pod template
// with kubectl's restartedAt annotation (a new template, so the Deployment rolls out new pods),
// then poll the Deployment until the controller has observed that generation and every replica
// is updated and available with no old one left. Everything ends in one line, never a throw.
import { setTimeout as sleep } from "node:timers/promises";
import * as k8s from "@kubernetes/client-node";
import { apiFailure, signalOptions } from "./config.js";

/** The annotation kubectl itself sets; a rollout it started looks the same to anyone reading. */
export const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

/** A single call outlived callTimeoutMs (told apart from the rollout's deadline and the caller's abort). */
class CallTimeout extends Error {
  constructor() {
    super("API call timed out");
  }
}

export interface RolloutOptions {
  signal: AbortSignal;
  /** The whole rollout; kubectl rollout status would wait forever without --timeout. */
  timeoutMs: number;
  /** Each API call on its own, so a silent server is named as such rather than as a slow rollout. */
  callTimeoutMs: number;
  pollMs: number;
}

export interface RolloutResult {
  ok: boolean;
  /** One line. */
  detail: string;
}

/** Why the rollout is not complete yet (as kubectl rollout status words it), or undefined when it is. */
export function rolloutPending(d: k8s.V1Deployment, patchedGeneration: number): string | undefined {
  const generation = Math.max(d.metadata?.generation ?? 0, patchedGeneration);
  const s = d.status ?? {};
  if ((s.observedGeneration ?? 0) < generation) return `generation ${generation} not observed yet (observed ${s.observedGeneration ?? 0})`;
  const want = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) return `${updated} of ${want} updated replicas`;
  if ((s.replicas ?? 0) > updated) return `${(s.replicas ?? 0) - updated} old replicas pending termination`;
  if ((s.availableReplicas ?? 0) < want) return `${s.availableReplicas ?? 0} of ${want} updated replicas available`;
  return undefined;
}

/** The controller gave up on the rollout (spec.progressDeadlineSeconds passed): no point polling on. */
function deadlineExceeded(d: k8s.V1Deployment): boolean {
  return d.status?.conditions?.some((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded") ?? false;
}

export async function rolloutRestart(kc: k8s.KubeConfig, namespace: string, name: string, o: RolloutOptions): Promise<RolloutResult> {
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const server = kc.getCurrentCluster()?.server ?? "?";
  const what = `deployment ${namespace}/${name}`;
  // Aborted by the caller or when the rollout's time is up; both timers are cleared on return.
  const ended = new AbortController();
  const deadline = ended.signal;
  const end = () => ended.abort(o.signal.reason);
  o.signal.addEventListener("abort", end, { once: true });
  const rolloutTimer = setTimeout(() => ended.abort(new Error("rollout timed out")), o.timeoutMs);
  if (o.signal.aborted) end();
  let step = "patching";

  /** One call, bounded by its own timeout, the rollout's deadline and the caller's signal. */
  const call = async <T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(new CallTimeout()), o.callTimeoutMs);
    const stop = () => own.abort(deadline.reason);
    deadline.addEventListener("abort", stop, { once: true });
    try {
      if (deadline.aborted) throw deadline.reason;
      return await request(own.signal);
    } catch (err) {
      throw own.signal.aborted ? own.signal.reason : err;
    } finally {
      clearTimeout(timer);
      deadline.removeEventListener("abort", stop);
    }
  };

  let last: k8s.V1Deployment | undefined;
  let generation = 0;
  try {
    // Strategic merge, as kubectl: only the one annotation changes. client-node 1.x labels every
    // patch body with the first type it lists (JSON Patch) unless a middleware sets the header.
    const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: new Date().toISOString() } } } } };
    const patched = await call((signal) =>
      apps.patchNamespacedDeployment({ namespace, name, body }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch, signalOptions(signal))),
    );
    generation = patched.metadata?.generation ?? 0;
    step = "reading";
    for (;;) {
      last = await call((signal) => apps.readNamespacedDeployment({ namespace, name }, signalOptions(signal)));
      if (rolloutPending(last, generation) === undefined) return { ok: true, detail: `${what} rolled out (generation ${last.metadata?.generation ?? generation})` };
      if (deadlineExceeded(last)) return { ok: false, detail: `${what} exceeded its progress deadline: ${rolloutPending(last, generation)}` };
      await sleep(o.pollMs, undefined, { signal: deadline });
    }
  } catch (err) {
    if (o.signal.aborted) return { ok: false, detail: "interrupted" };
    if (err instanceof CallTimeout) return { ok: false, detail: `${server} did not answer within ${o.callTimeoutMs / 1000}s ${step} ${what}` };
    if (deadline.aborted) {
      const pending = last ? rolloutPending(last, generation) : undefined;
      return { ok: false, detail: `${what} not rolled out within ${o.timeoutMs / 1000}s${pending ? `: ${pending}` : ""}` };
    }
    const f = apiFailure(err);
    if (f.httpCode === undefined) return { ok: false, detail: `cannot reach ${server}: ${f.reason}` };
    if (f.httpCode === 404) return { ok: false, detail: `${what} not found at ${server}` };
    return { ok: false, detail: `${step} ${what} at ${server} failed: HTTP ${f.httpCode}${f.message ? `: ${f.message}` : ""}` };
  } finally {
    clearTimeout(rolloutTimer);
    o.signal.removeEventListener("abort", end);
  }
}
