// How long one check may run before the runner stops it and records `error`: derived from what
// the check plans to send, so a slow but honest check is never cut, and a check that somehow
// keeps going (a loop that ignores its budget, a vantage that stalls) still ends.
//
//   deadline = convergenceTimeoutMs + requestTimeoutMs      (converging; the last probe may take a whole request)
//            + rounds × requestTimeoutMs                    (sampling; every request ends by its own deadline)
//            + the plan's own time                          (below)
//            + 10 s + 2 × requestTimeoutMs                  (set-up, a loaded machine)
//   rounds   = max(ceil(budget / 8), 1000)                  (the proportion checks send `budget` requests 8 at
//                                                            a time; header-routing and outlier-detection's
//                                                            warm-up send a few hundred one at a time)
//   plan     = disruption: warmupMs + 4 × settleMs + 180 s (settling may be extended 3 times; the restart's bound)
//              outlier-detection: baseEjectionTimeMs (the window it decides in); others: 0
//
// With the defaults (5 s requests, 30 s convergence, budget 5000) that is about 85 minutes: a
// bound on a hang, not an estimate of a run (a conforming check takes seconds).

import type { ProfileSection, SectionTarget } from "../check-kit/types.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";

const SAMPLING_CONCURRENCY = 8;
const MIN_ROUNDS = 1000;
const SLACK_MS = 10_000;
const RESTART_BOUND_MS = 180_000;
const SETTLE_ROUNDS = 4;

export function checkDeadlineMs(check: string, target: SectionTarget<ProfileSection>, timing: Timing, stats: StatsSettings): number {
  const converge = timing.convergenceTimeoutMs + timing.requestTimeoutMs;
  const rounds = Math.max(Math.ceil(stats.budget / SAMPLING_CONCURRENCY), MIN_ROUNDS);
  return converge + rounds * timing.requestTimeoutMs + planTimeMs(check, target) + SLACK_MS + 2 * timing.requestTimeoutMs;
}

function planTimeMs(check: string, target: SectionTarget<ProfileSection>): number {
  const t = target as Partial<Record<"warmupMs" | "settleMs" | "baseEjectionTimeMs", number>>;
  if (check === "disruption") return (t.warmupMs ?? 0) + SETTLE_ROUNDS * (t.settleMs ?? 0) + RESTART_BOUND_MS;
  if (check === "outlier-detection") return t.baseEjectionTimeMs ?? 0;
  return 0;
}
