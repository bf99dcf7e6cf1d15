// Restarting a workload of the running local mesh, as `kubectl rollout restart` does with one
// replica: a new pod starts and becomes the endpoint, then the old one drains its in-flight
// requests and stops — no request should fail. The `no-graceful-restart` fault does what a
// careless rollout does instead: the old pod is killed mid-request, and the endpoint list keeps
// naming it until the new pod is ready, so callers get refused connections (503) meanwhile.
import type { Workload } from "../model/types.js";
import { startPod, type PodContext, type RunningPod } from "./workload.js";

/** How long a drain may take before the old pod is stopped anyway (Kubernetes' grace period, shortened). */
const DRAIN_LIMIT_MS = 5_000;
const DRAIN_POLL_MS = 10;
/** no-graceful-restart: how long the dead pod stays an endpoint before its replacement is ready. */
export const UNREADY_GAP_MS = 500;

export interface RestartResult {
  workload: string;
  podBefore: string;
  podAfter: string;
  graceful: boolean;
  /** Time the old pod took to finish its in-flight requests. */
  drainedMs: number;
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

  constructor(
    private readonly ctx: PodContext,
    /** Restart drains gracefully unless the no-graceful-restart fault is on. */
    private readonly graceful: boolean,
    /** Workloads whose forwarder is a profile vantage: its URL would go stale, so they are not restartable. */
    private readonly pinned: ReadonlySet<string>,
  ) {}

  async start(w: Workload): Promise<RunningPod> {
    const pod = await startPod(this.ctx, w, w.env.POD_NAME ?? `${w.name}-0`);
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
    const name = `${w.name}-${slot.generation + 1}`;
    let drainedMs = 0;
    let next: RunningPod;
    if (this.graceful) {
      next = await startPod(this.ctx, w, name);
      this.ctx.registry.add(next.endpoint);
      const t0 = performance.now();
      while (old.inFlight() > 0 && performance.now() - t0 < DRAIN_LIMIT_MS) await sleep(DRAIN_POLL_MS);
      drainedMs = Math.round(performance.now() - t0);
      await old.close();
    } else {
      await old.close();
      await sleep(UNREADY_GAP_MS);
      next = await startPod(this.ctx, w, name);
      this.ctx.registry.add(next.endpoint);
    }
    slot.pod = next;
    slot.generation++;
    return { workload: `${w.namespace}/${w.name}`, podBefore: old.pod, podAfter: next.pod, graceful: this.graceful, drainedMs };
  }

  async closeAll(): Promise<void> {
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    // A restart under way finishes first, so the pod it starts is closed too.
    await Promise.allSettled(slots.map((s) => s.restarting));
    await Promise.allSettled(slots.map((s) => s.pod.close()));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
