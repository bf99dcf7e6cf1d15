// What the timing tests run a check with: a real direct sender to servers on 127.0.0.1, and
// the two ways a machine gets slow — busy-loop child processes competing for the cores, and
// stalls of this process's event loop (which slow the client and, as with the local mesh,
// the in-process "mesh" alike).
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import type { CheckContext } from "../../harness/check-kit/types.js";
import { PROFILE_API_VERSION, PROFILE_KIND } from "../../spec/profile/schema.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import type { Sender } from "../../harness/traffic/sender.js";
import { createSender } from "../../harness/traffic/senders.js";

export const IDENTIFY = { header: "x-version" };

export interface TestContext {
  ctx: CheckContext;
  close(): Promise<void>;
}

export function checkContext(profile: Partial<TargetProfile> = {}): TestContext {
  const senders: Sender[] = [];
  const controller = new AbortController();
  const ctx: CheckContext = {
    profile: { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, name: "test", identify: IDENTIFY, vantages: {}, ...profile },
    sender: (_vantage, opts) => {
      const s = createSender({ kind: "direct" }, { timeoutMs: DEFAULT_TIMING.requestTimeoutMs, identify: IDENTIFY, ...(opts?.newConnectionPerRequest !== undefined && { newConnectionPerRequest: opts.newConnectionPerRequest }) });
      senders.push(s);
      return s;
    },
    timing: { ...DEFAULT_TIMING, convergenceTimeoutMs: 5_000 },
    stats: DEFAULT_STATS,
    emit: () => {},
    signal: controller.signal,
  };
  return {
    ctx,
    close: async () => {
      controller.abort();
      await Promise.allSettled(senders.map((s) => s.close()));
    },
  };
}

/** One busy-loop process per core plus one: every core is oversubscribed while they run. */
export function busyLoops(n = availableParallelism() + 1): { stop(): void } {
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) children.push(spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
  return {
    stop: () => {
      for (const c of children) c.kill("SIGKILL");
    },
  };
}

/**
 * Blocks this process's event loop for `blockMs` every `everyMs` (the first after `firstMs`):
 * every request in flight then, and every server handler in this process, waits that long.
 */
export function eventLoopStalls(blockMs: number, everyMs: number, firstMs = everyMs): { stop(): void } {
  const block = () => {
    const end = performance.now() + blockMs;
    while (performance.now() < end) {
      // busy on purpose
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    block();
    timer = setInterval(block, everyMs);
  }, firstMs);
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

/** Runs `body` with `load` started before and stopped after, whatever happens. */
export async function under<T>(load: () => { stop(): void }, body: () => Promise<T>): Promise<T> {
  const l = load();
  try {
    return await body();
  } finally {
    l.stop();
  }
}
