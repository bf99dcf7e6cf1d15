// A DestinationRule outlierDetection as Envoy applies it, per calling proxy and destination:
// a host that answers consecutive5xxErrors 5xx in a row (or fails to connect, which Envoy also
// counts as a 5xx) is ejected for baseEjectionTime × the times it has been ejected, and comes
// back at the first `interval` sweep after that; no ejection may take the ejected share of
// hosts above maxEjectionPercent. Istio sets no panic threshold (minHealthPercent 0), so
// ejected hosts stay out even when few remain.
import type { OutlierDetection } from "../../manifests/types.js";

interface HostState {
  consecutive: number;
  ejections: number;
  /** When the host returns; undefined while it is in service. */
  returnsAt?: number;
}

export class OutlierDetector {
  readonly #hosts = new Map<string, HostState>();
  readonly #start: number;

  constructor(
    private readonly config: OutlierDetection,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#start = now();
  }

  /** Is `host` in service now? */
  inService(host: string): boolean {
    const s = this.#hosts.get(host);
    if (s?.returnsAt === undefined) return true;
    if (this.now() < s.returnsAt) return false;
    delete s.returnsAt;
    return true;
  }

  /** One answer from `host` (`failed`: a 5xx or no answer at all); `hosts` is how many the destination has. */
  record(host: string, failed: boolean, hosts: number): void {
    const s = this.#hosts.get(host) ?? { consecutive: 0, ejections: 0 };
    this.#hosts.set(host, s);
    if (!failed) {
      s.consecutive = 0;
      return;
    }
    s.consecutive++;
    const threshold = this.config.consecutive5xxErrors;
    // consecutive5xxErrors 0 turns this detection off (Istio's documented meaning).
    if (threshold === 0 || s.consecutive < threshold || !this.inService(host)) return;
    const ejectedNow = [...this.#hosts.keys()].filter((h) => !this.inService(h)).length;
    if ((100 * (ejectedNow + 1)) / Math.max(hosts, 1) > this.config.maxEjectionPercent) return;
    s.consecutive = 0;
    s.ejections++;
    this.#eject(s);
  }

  #eject(s: HostState): void {
    const now = this.now();
    const due = now + this.config.baseEjectionTimeMs * s.ejections;
    // Hosts return at interval sweeps, counted from when the detector started.
    const interval = this.config.intervalMs;
    s.returnsAt = this.#start + Math.ceil((due - this.#start) / interval) * interval;
  }

  /** Hosts out of service now, for tests and addresses. */
  ejected(): string[] {
    return [...this.#hosts.keys()].filter((h) => !this.inService(h));
  }
}
