// What the kubelet does with one pod of the local mesh: probe it until it is Ready, and, when it
// is deleted, run its preStop hook, then SIGTERM the app, and SIGKILL whatever is left when
// terminationGracePeriodSeconds is up. The sidecar gets SIGTERM at deletion too and drains for
// Istio's terminationDrainDuration (5 s by default) before it exits, still accepting meanwhile.
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import type { ReadinessProbe, Workload } from "../../manifests/types.js";
import type { RunningPod } from "./workload.js";

/** Istio's default terminationDrainDuration (ProxyConfig): how long the sidecar drains after SIGTERM. */
export const SIDECAR_DRAIN_MS = 5_000;
/** A new pod that is not Ready by then fails the restart (Kubernetes would wait progressDeadlineSeconds, 600 s). */
export const READY_LIMIT_MS = 30_000;

/** One probe: 2xx or 3xx within the probe's timeout, as the kubelet's httpGet counts success. */
async function probeOnce(port: number, probe: ReadinessProbe, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}${probe.path}`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(probe.timeoutMs)]),
      headersTimeout: probe.timeoutMs,
      bodyTimeout: probe.timeoutMs,
    });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 400;
  } catch {
    return false;
  }
}

/**
 * Resolves once the pod passes its readiness probe (at once without one), probing after
 * initialDelaySeconds and then every periodSeconds; rejects after READY_LIMIT_MS or on abort.
 */
export async function untilReady(pod: RunningPod, w: Workload, signal: AbortSignal, limitMs = READY_LIMIT_MS): Promise<void> {
  const probe = w.readiness;
  if (!probe) return;
  const deadline = performance.now() + limitMs;
  let successes = 0;
  await sleep(probe.initialDelayMs, undefined, { signal });
  for (;;) {
    successes = (await probeOnce(pod.appPort, probe, signal)) ? successes + 1 : 0;
    if (successes >= probe.successThreshold) return;
    if (performance.now() + probe.periodMs > deadline) {
      throw new Error(`${pod.pod} did not pass its readiness probe (GET ${probe.path} on ${probe.port}) within ${Math.round(limitMs / 1000)} s`);
    }
    await sleep(probe.periodMs, undefined, { signal });
  }
}

/**
 * A deleted pod's termination: the app gets the preStop hook (a sleep), then SIGTERM, and the
 * sidecar drains alongside; everything left at the grace period's end is killed. `kill` aborts
 * it all at once (the mesh is stopping). Resolves when the pod is gone.
 */
export async function terminate(pod: RunningPod, w: Workload, kill: AbortSignal): Promise<void> {
  const grace = AbortSignal.any([kill, AbortSignal.timeout(w.terminationGraceMs)]);
  const gone = new Promise<void>((resolve) => {
    if (grace.aborted) resolve();
    else grace.addEventListener("abort", () => resolve(), { once: true });
  });
  const app = (async () => {
    if (w.preStop) await sleep(w.preStop.sleepMs, undefined, { signal: grace }).catch(() => {});
    if (!grace.aborted) await Promise.race([pod.terminateApp(), gone]);
  })();
  const sidecar = sleep(Math.min(SIDECAR_DRAIN_MS, w.terminationGraceMs), undefined, { signal: grace })
    .catch(() => {})
    .then(() => pod.stopSidecar());
  await Promise.all([app, sidecar]);
  await pod.close();
}
