// A check's view of a shared sender: every send carries the check's signal (Ctrl-C, its
// deadline), also the sends a check makes without one, so no request outlives its check.

import type { SendOptions, Sender } from "../traffic/sender.js";

export function withSignal(inner: Sender, signal: AbortSignal): Sender {
  // One combined signal per caller signal (the engine passes the same one for a whole run).
  const combined = new WeakMap<AbortSignal, AbortSignal>();
  const opts = (o: SendOptions | undefined): SendOptions => {
    const own = o?.signal;
    if (own === undefined || own === signal) return { ...o, signal };
    let both = combined.get(own);
    if (both === undefined) {
      both = AbortSignal.any([own, signal]);
      combined.set(own, both);
    }
    return { ...o, signal: both };
  };
  return {
    kind: inner.kind,
    send: (req, o) => inner.send(req, opts(o)),
    sendBatch: (req, n, o) => inner.sendBatch(req, n, opts(o)),
    close: () => inner.close(),
  };
}
