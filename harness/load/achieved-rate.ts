// Did steady traffic run at the rate asked for? A fixed-rate sender whose slots are all busy
// sends late, so a slow target or a busy machine can turn `--rate 5000` into 730/s: a verdict on
// that traffic says nothing about the load that was asked for, so it is could-not-test.

/** Below this share of the asked rate the run did not test that rate. */
export const RATE_MARGIN = 0.1;
/**
 * Allowance for scheduling lag at the start and the stop (a cold target, a busy core), in
 * seconds of traffic: it keeps a short run on a loaded machine from being judged on its first
 * and last moments, and is negligible over the minutes a real load run lasts.
 */
export const LAG_ALLOWANCE_S = 0.5;

export interface RateVerdict {
  /** Requests per second asked for. */
  rate: number;
  /** Requests sent (answered or abandoned at the stop) per second of the run. */
  achievedRate: number;
  /** True when fewer than (1 − RATE_MARGIN) × the asked requests, less LAG_ALLOWANCE_S of traffic (at least one request), went out. */
  shortfall: boolean;
}

export function judgeAchievedRate(sent: number, durationMs: number, rate: number): RateVerdict {
  const seconds = durationMs / 1000;
  const achievedRate = seconds > 0 ? sent / seconds : 0;
  const expected = rate * seconds;
  const slack = Math.max(1, rate * LAG_ALLOWANCE_S);
  return { rate, achievedRate, shortfall: sent < (1 - RATE_MARGIN) * expected - slack };
}
