// Sends a check's requests one at a time under a pace instead of in fixed rounds. In a round the
// next batch waited for the slowest request of the last one, so every injected delay held the
// whole round; and many requests at once queue behind each other in the target and the client,
// which is what makes undelayed answers slow on a busy machine. Here at most `active` requests
// younger than `agedMs` are in flight: a request held longer (an injected delay is a timer in the
// proxy, not work) frees its slot, up to `maxInFlight` in all.
//
// Outcomes reach `consume` in send order, never in completion order: a test that stops on what it
// has seen would otherwise stop on the fast answers while the delayed ones are still in flight,
// and under-count them.

export interface Pace {
  /** Most requests younger than agedMs in flight at once. */
  active: number;
  /** A request in flight this long no longer takes an active slot. */
  agedMs: number;
  /** Most requests in flight at once, aged or not. */
  maxInFlight: number;
}

export interface PacedStream<T> {
  /** The next request to send, or undefined to send no more (asked only when a slot is free). */
  next(): (() => Promise<T>) | undefined;
  /** Each result in send order; true stops sending (requests still in flight are awaited, not consumed). */
  consume(result: T): boolean;
}

/**
 * Runs the stream until `next` has nothing more or `consume` says stop; returns how many were
 * sent. A rejected send stops the stream and is rethrown once every request in flight settled.
 * Each wait ends when a request settles (the sender's own deadline bounds that) or ages.
 */
export async function sendPaced<T>(pace: Pace, stream: PacedStream<T>, now: () => number = () => performance.now()): Promise<number> {
  const started = new Map<number, number>();
  const results = new Map<number, T>();
  const settling = new Set<Promise<void>>();
  let sent = 0;
  let consumed = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;

  const flush = () => {
    while (!stopped && results.has(consumed)) {
      const r = results.get(consumed) as T;
      results.delete(consumed);
      consumed++;
      if (stream.consume(r)) stopped = true;
    }
  };
  const young = (t: number) => [...started.values()].filter((s) => t - s < pace.agedMs).length;

  while (!stopped) {
    const t = now();
    if (started.size < pace.maxInFlight && young(t) < pace.active) {
      const send = stream.next();
      if (send === undefined) break;
      const i = sent++;
      started.set(i, t);
      const settled: Promise<void> = send()
        .then(
          (r) => {
            results.set(i, r);
          },
          (error: unknown) => {
            failure ??= { error };
            stopped = true;
          },
        )
        .finally(() => {
          started.delete(i);
          settling.delete(settled);
          flush();
          wake?.();
        });
      settling.add(settled);
      continue;
    }
    // Full: wait for a request to settle, or (with room left) for the next young one to age.
    const ages = [...started.values()].map((s) => s + pace.agedMs - t).filter((a) => a > 0);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (started.size < pace.maxInFlight && ages.length > 0) timer = setTimeout(resolve, Math.ceil(Math.min(...ages)));
    });
    clearTimeout(timer);
    wake = undefined;
  }
  while (settling.size > 0) await Promise.all([...settling]);
  if (failure) throw failure.error;
  return sent;
}
