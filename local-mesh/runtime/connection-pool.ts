// A DestinationRule connectionPool as Envoy's cluster circuit breakers enforce it, per calling
// proxy: at most `active` requests upstream at once (HTTP/1 carries one request per connection,
// so tcp.maxConnections bounds them, and http2MaxRequests bounds requests of any protocol), at
// most `pending` more waiting for a slot; anything beyond overflows at once (Envoy's 503 `UO`).
import type { ConnectionPool } from "../../manifests/types.js";

export type Admission = { admitted: true; release(): void } | { admitted: false };

export class ConnectionPoolLimiter {
  readonly maxActive: number;
  readonly maxPending: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(pool: ConnectionPool) {
    this.maxActive = Math.min(pool.maxConnections ?? Infinity, pool.http2MaxRequests ?? Infinity);
    this.maxPending = pool.http1MaxPendingRequests ?? Infinity;
  }

  get active(): number {
    return this.#active;
  }

  get pending(): number {
    return this.#waiting.length;
  }

  /**
   * A slot now, a slot once one frees up (queued), or overflow. `gone` aborts a queued wait
   * (the downstream left): the request then takes no slot and is not admitted.
   */
  async admit(gone: AbortSignal): Promise<Admission> {
    if (this.#active < this.maxActive) return this.#grant();
    if (this.#waiting.length >= this.maxPending) return { admitted: false };
    return new Promise<Admission>((resolve) => {
      const wake = () => {
        gone.removeEventListener("abort", leave);
        resolve(this.#grant());
      };
      const leave = () => {
        const i = this.#waiting.indexOf(wake);
        if (i >= 0) this.#waiting.splice(i, 1);
        resolve({ admitted: false });
      };
      this.#waiting.push(wake);
      gone.addEventListener("abort", leave, { once: true });
    });
  }

  #grant(): Admission {
    this.#active++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.#active--;
        // Hand the freed slot to the longest waiter.
        const next = this.#waiting.shift();
        if (next) next();
      },
    };
  }
}
