// Service discovery: which Service a Host names, and which running pods back it. Only pods that
// started and passed their readiness probe are endpoints, so a `down=` workload has none. After
// the mesh is up, endpoint changes reach the proxies only after the propagation delay
// (propagation.ts): every proxy reads this one view, which lags the pods as EDS lags a cluster.
import type { MeshModel, Service, ServicePort, Workload } from "../../manifests/types.js";
import { serviceSelects } from "../../manifests/labels.js";
import { findConfigService, findService } from "../../manifests/service-hosts.js";

export interface Endpoint {
  workload: Workload;
  /** The pod's name (`<deployment>-<n>`); absent only in hand-built tests (then the workload's name). */
  pod?: string;
  /** Where the pod's service port is reached locally: the sidecar inbound, or the app itself. */
  port: number;
  /** Has a sidecar: callers with a sidecar use mTLS and expect `identity`. */
  sidecar: boolean;
  /** SPIFFE ID the endpoint's sidecar presents. */
  identity?: string;
}

export type Resolution =
  | { ok: true; service: Service; port: ServicePort }
  | { ok: false; reason: string };

/** The key of an endpoint: its pod, as a proxy tells hosts apart. */
export const endpointKey = (ep: Endpoint): string => `${ep.workload.namespace}/${ep.pod ?? ep.workload.name}`;

export class Registry {
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly model: MeshModel,
    /** Delay before publish/withdraw reach the proxies. */
    private readonly propagationMs = 0,
  ) {}

  /** An endpoint every proxy knows at once: the configuration the mesh starts with. */
  add(ep: Endpoint): void {
    this.#endpoints.set(endpointKey(ep), ep);
  }

  /** A pod that turned Ready: the proxies learn of it after the propagation delay. */
  publish(ep: Endpoint): void {
    this.#later(() => this.add(ep));
  }

  /** A pod being deleted: the proxies keep sending to it until the propagation delay has passed. */
  withdraw(ep: Endpoint): void {
    this.#later(() => this.#endpoints.delete(endpointKey(ep)));
  }

  #later(change: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      change();
    }, this.propagationMs);
    this.#pending.add(timer);
  }

  /** Drop changes not yet applied (the mesh is stopping). */
  close(): void {
    for (const t of this.#pending) clearTimeout(t);
    this.#pending.clear();
  }

  endpoints(service: Service): Endpoint[] {
    return [...this.#endpoints.values()].filter(
      (ep) => ep.workload.namespace === service.namespace && serviceSelects(service.selector, ep.workload.labels),
    );
  }

  /** The Service a DNS name resolves to, relative to `namespace` for short names. */
  findService(hostname: string, namespace: string): Service | undefined {
    return findService(this.model, hostname, namespace);
  }

  /** The Service a host in Istio config (a route's destination or hosts) names, as Istio reads it. */
  configService(host: string, namespace: string): Service | undefined {
    return findConfigService(this.model, host, namespace);
  }

  /**
   * Resolve a Host header (`svc[.ns[.svc.cluster.local]][:port]`) as a caller in `namespace`
   * would. No port means 80, as for an http:// URL.
   */
  resolveHost(hostHeader: string | undefined, namespace: string): Resolution {
    if (!hostHeader) return { ok: false, reason: "request has no Host header" };
    const m = /^([^:]+)(?::(\d+))?$/.exec(hostHeader);
    if (!m || !m[1]) return { ok: false, reason: `unparseable Host ${JSON.stringify(hostHeader)}` };
    const portNumber = m[2] ? Number(m[2]) : 80;
    const service = this.findService(m[1], namespace);
    if (!service) return { ok: false, reason: `no Service for host ${m[1]} (from namespace ${namespace})` };
    const port = service.ports.find((p) => p.port === portNumber);
    if (!port) return { ok: false, reason: `Service ${service.namespace}/${service.name} has no port ${portNumber}` };
    return { ok: true, service, port };
  }

  /**
   * A per-request endpoint pick, like Envoy's round-robin/random LB over healthy hosts;
   * `inService` leaves out hosts outlier detection has ejected. `avoid` (endpoint keys) are the
   * hosts a retry already tried: Istio's retry policy prefers others (previous_hosts), and takes
   * one of them again only when nothing else is left.
   */
  pick(service: Service, random: () => number, inService?: (ep: Endpoint) => boolean, avoid?: ReadonlySet<string>): Endpoint | undefined {
    const all = this.endpoints(service);
    const healthy = inService ? all.filter(inService) : all;
    const fresh = avoid && avoid.size > 0 ? healthy.filter((ep) => !avoid.has(endpointKey(ep))) : healthy;
    const eps = fresh.length > 0 ? fresh : healthy;
    return eps[Math.floor(random() * eps.length)];
  }
}
