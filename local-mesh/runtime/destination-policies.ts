// The DestinationRules one proxy (the gateway, or one sidecar's outbound) applies to the
// Services it calls: connection pool limits around each request, outlier detection in the
// endpoint pick. Like Envoy's, the state is per proxy and per destination, never shared.
import type { ServerResponse } from "node:http";
import type { MeshModel, Service } from "../../manifests/types.js";
import { destinationRuleFor } from "../../manifests/service-destination-rule.js";
import { endpointKey, type Endpoint, type Registry } from "./registry.js";
import { ConnectionPoolLimiter } from "./connection-pool.js";
import { OutlierDetector } from "./outlier-detector.js";

/** Envoy's local reply when a circuit breaker overflows. */
export const OVERFLOW_BODY = "upstream connect error or disconnect/reset before headers. reset reason: overflow";

interface Cluster {
  limiter?: ConnectionPoolLimiter;
  detector?: OutlierDetector;
}

const keyOf = (s: Service) => `${s.namespace}/${s.name}`;
const hostOf = endpointKey;

export class DestinationPolicies {
  readonly #clusters = new Map<string, Cluster>();

  constructor(
    private readonly model: MeshModel,
    private readonly registry: Registry,
  ) {}


  #cluster(service: Service): Cluster {
    let c = this.#clusters.get(keyOf(service));
    if (!c) {
      const dr = destinationRuleFor(this.model, service);
      c = {
        ...(dr?.connectionPool && { limiter: new ConnectionPoolLimiter(dr.connectionPool) }),
        ...(dr?.outlierDetection && { detector: new OutlierDetector(dr.outlierDetection) }),
      };
      this.#clusters.set(keyOf(service), c);
    }
    return c;
  }

  /** Which endpoints of `service` may be picked now (all, without outlier detection). */
  inService(service: Service): (ep: Endpoint) => boolean {
    const detector = this.#cluster(service).detector;
    return detector ? (ep) => detector.inService(hostOf(ep)) : () => true;
  }

  /**
   * Serve one request to `service` within its connection pool: `serve` runs once a slot is
   * free; a request that finds the pool and its queue full gets Envoy's overflow 503 instead.
   */
  async guard(service: Service, res: ServerResponse, serve: () => Promise<void>): Promise<void> {
    const limiter = this.#cluster(service).limiter;
    if (!limiter) return serve();
    const gone = new AbortController();
    // A close after the answer finished is the normal end, not a caller leaving (and an abort
    // is not free: it builds a DOMException with a stack trace).
    const onClose = () => {
      if (!res.writableFinished) gone.abort();
    };
    res.once("close", onClose);
    try {
      const slot = await limiter.admit(gone.signal);
      if (!slot.admitted) {
        if (!gone.signal.aborted) sendOverflow(res);
        return;
      }
      try {
        await serve();
      } finally {
        slot.release();
      }
    } finally {
      res.off("close", onClose);
    }
  }

  /** What the endpoint answered (`status`), or that it gave no answer (undefined), for outlier detection. */
  report(service: Service, ep: Endpoint, status: number | undefined): void {
    const detector = this.#cluster(service).detector;
    if (!detector) return;
    detector.record(hostOf(ep), status === undefined || status >= 500, this.registry.endpoints(service).length);
  }
}

function sendOverflow(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(503, {
    "content-length": Buffer.byteLength(OVERFLOW_BODY),
    "content-type": "text/plain",
    server: "istio-envoy",
    // Envoy's router marks every circuit-breaker answer so clients can tell it from the app's 503.
    "x-envoy-overloaded": "true",
  });
  res.end(OVERFLOW_BODY);
}
