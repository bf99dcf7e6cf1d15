// Service discovery: which Service a Host names, and which running workloads back it. Only
// workloads that actually started are endpoints, so a `down=` workload has none.
import type { MeshModel, Service, ServicePort, Workload } from "../model/types.js";
import { serviceSelects } from "./labels.js";

/** Kubernetes cluster DNS suffix (fixed; independent of the SPIFFE trust domain). */
export const CLUSTER_DOMAIN = "svc.cluster.local";

export interface Endpoint {
  workload: Workload;
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

export class Registry {
  readonly #endpoints = new Map<string, Endpoint>();

  constructor(private readonly model: MeshModel) {}

  add(ep: Endpoint): void {
    this.#endpoints.set(`${ep.workload.namespace}/${ep.workload.name}`, ep);
  }

  endpoints(service: Service): Endpoint[] {
    return [...this.#endpoints.values()].filter(
      (ep) => ep.workload.namespace === service.namespace && serviceSelects(service.selector, ep.workload.labels),
    );
  }

  /** The Service a hostname names, relative to `namespace` for short names. */
  findService(hostname: string, namespace: string): Service | undefined {
    const name = hostname.toLowerCase().replace(/\.$/, "");
    const parts = name.split(".");
    let svc: string | undefined;
    let ns: string | undefined;
    if (parts.length === 1) [svc, ns] = [parts[0], namespace];
    else if (parts.length === 2 || (parts.length === 3 && parts[2] === "svc")) [svc, ns] = [parts[0], parts[1]];
    else if (name.endsWith(`.${CLUSTER_DOMAIN}`) && parts.length === 5) [svc, ns] = [parts[0], parts[1]];
    if (!svc || !ns) return undefined;
    return this.model.services.find((s) => s.name === svc && s.namespace === ns);
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
   * `inService` leaves out hosts outlier detection has ejected.
   */
  pick(service: Service, random: () => number, inService?: (ep: Endpoint) => boolean): Endpoint | undefined {
    const all = this.endpoints(service);
    const eps = inService ? all.filter(inService) : all;
    return eps[Math.floor(random() * eps.length)];
  }
}
