// The part of xk6-disruptor's JavaScript API (module k6/x/disruptor) that disruption.ts uses,
// from the extension's documentation. It exists only in a k6 built with the extension
// (make k6-build); the stock k6 fails at import.
declare module "k6/x/disruptor" {
  /** HTTP faults injected into the requests a target serves. */
  export interface HttpFault {
    /** Delay added to every affected request, e.g. "100ms". */
    averageDelay?: string;
    delayVariation?: string;
    /** Share of requests answered with errorCode, 0.0–1.0. */
    errorRate?: number;
    errorCode?: number;
    errorBody?: string;
    /** Comma-separated paths left alone, e.g. "/health". */
    exclude?: string;
    /** The target port whose traffic is intercepted. */
    port?: number;
  }

  export interface HttpDisruptionOptions {
    /** Port the injected agent's proxy listens on in the target pods (default 8000). */
    proxyPort?: number;
  }

  export interface DisruptorOptions {
    /** How long to wait for the agent to be injected into the targets, e.g. "30s". */
    injectTimeout?: string;
  }

  export class ServiceDisruptor {
    constructor(service: string, namespace: string, options?: DisruptorOptions);
    /** Blocks for `duration` while the faults are active. */
    injectHTTPFaults(fault: HttpFault, duration: string, options?: HttpDisruptionOptions): void;
    /** Names of the pods the disruptor targets. */
    targets(): string[];
  }

  export class PodDisruptor {
    constructor(selector: { namespace: string; select?: { labels?: Record<string, string> } }, options?: DisruptorOptions);
    injectHTTPFaults(fault: HttpFault, duration: string, options?: HttpDisruptionOptions): void;
    targets(): string[];
  }
}
