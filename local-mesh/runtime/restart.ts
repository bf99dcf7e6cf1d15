// Restarting a workload of the running local mesh as `kubectl rollout restart` does with one
// replica (maxSurge 1, maxUnavailable 0): a new pod starts and is probed until Ready; then the
// Deployment controller deletes the old pod. Both changes reach the proxies only after the
// endpoint propagation delay (registry.ts), and the old pod terminates as the kubelet would
// (pod-lifecycle.ts): preStop, then SIGTERM, killed at the end of its grace period. So a
// Deployment whose app stops serving at SIGTERM, with no preStop drain, loses the requests the
// gateway still sends it meanwhile, as on a cluster: Istio's default retry policy does not
// retry the sidecar's 503.
//
// The restart answers once the new pod is Ready and the old one is terminating, which is when
// `kubectl rollout status` returns (a terminating pod no longer counts as a replica).
import type { Workload } from "../../manifests/types.js";
import { startPod, type PodContext, type RunningPod } from "./workload.js";
import { terminate, untilReady } from "./pod-lifecycle.js";

export interface RestartResult {
  workload: string;
  podBefore: string;
  podAfter: string;
  /** From the restart request until the new pod passed its readiness probe. */
  readyMs: number;
  /** What the old pod runs before SIGTERM, as written (`sleep: 5s`), or `none`. */
  preStop: string;
  terminationGracePeriodSeconds: number;
}

/** A restart that cannot be done; the control listener answers it with `status`. */
export class RestartError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Slot {
  workload: Workload;
  pod: RunningPod;
  generation: number;
  restarting?: Promise<RestartResult>;
}

export class Pods {
  readonly #slots = new Map<string, Slot>();
  /** Old pods still terminating, each with the switch that kills it at once. */
  readonly #terminating = new Map<Promise<void>, AbortController>();
  readonly #stopping = new AbortController();

  constructor(
    private readonly ctx: PodContext,
    /** Workloads whose forwarder is a profile vantage: its URL would go stale, so they are not restartable. */
    private readonly pinned: ReadonlySet<string>,
  ) {}

  /** Start a workload's first pod; it is an endpoint from the start (the mesh's initial configuration). */
  async start(w: Workload): Promise<RunningPod> {
    const pod = await startPod(this.ctx, w, w.env.POD_NAME ?? `${w.name}-0`);
    try {
      await untilReady(pod, w, this.#stopping.signal);
    } catch (err) {
      await pod.close();
      throw err;
    }
    this.#slots.set(`${w.namespace}/${w.name}`, { workload: w, pod, generation: 0 });
    this.ctx.registry.add(pod.endpoint);
    return pod;
  }

  restart(key: string): Promise<RestartResult> {
    const slot = this.#slots.get(key);
    if (!slot) throw new RestartError(404, `no running workload ${key} (running: ${[...this.#slots.keys()].join(", ")})`);
    if (this.pinned.has(key)) throw new RestartError(409, `${key} serves a forwarder vantage of the profile, whose URL a restart would change`);
    if (slot.restarting) throw new RestartError(409, `${key} is already restarting`);
    slot.restarting = this.#restart(slot).finally(() => delete slot.restarting);
    return slot.restarting;
  }

  async #restart(slot: Slot): Promise<RestartResult> {
    const w = slot.workload;
    const old = slot.pod;
    const t0 = performance.now();
    const next = await startPod(this.ctx, w, `${w.name}-${slot.generation + 1}`);
    try {
      await untilReady(next, w, this.#stopping.signal);
    } catch (err) {
      await next.close();
      throw err;
    }
    const readyMs = Math.round(performance.now() - t0);
    this.ctx.registry.publish(next.endpoint);
    slot.pod = next;
    slot.generation++;
    // The new pod is Ready: the controller deletes the old one.
    this.ctx.registry.withdraw(old.endpoint);
    const kill = new AbortController();
    const stopping = this.#stopping.signal;
    const onStop = () => kill.abort();
    stopping.addEventListener("abort", onStop, { once: true });
    const done: Promise<void> = terminate(old, w, kill.signal).finally(() => {
      stopping.removeEventListener("abort", onStop);
      this.#terminating.delete(done);
    });
    this.#terminating.set(done, kill);
    return {
      workload: `${w.namespace}/${w.name}`,
      podBefore: old.pod,
      podAfter: next.pod,
      readyMs,
      preStop: w.preStop?.as ?? "none",
      terminationGracePeriodSeconds: w.terminationGraceMs / 1000,
    };
  }

  async closeAll(): Promise<void> {
    this.#stopping.abort();
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    // A restart under way finishes (or fails) first, so the pod it starts is closed too.
    await Promise.allSettled(slots.map((s) => s.restarting));
    await Promise.allSettled([...this.#terminating.keys()]);
    await Promise.allSettled(slots.map((s) => s.pod.close()));
  }
}
