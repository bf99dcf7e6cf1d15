// Did steady traffic run at the rate asked for? A fixed-rate sender whose slots are all busy
// sends late, so a slow target or a busy machine can turn `--rate 5000` into 730/s: a verdict on
// that traffic says nothing about the load that was asked for, so it is could-not-test.

/** Below this share of the asked rate the run did not test that rate. */
export const RATE_MARGIN = 0.1;

export interface RateVerdict {
  /** Requests per second asked for. */
  rate: number;
  /** Requests sent (answered or abandoned at the stop) per second of the run. */
  achievedRate: number;
  /** True when achievedRate fell short of rate by more than RATE_MARGIN (one request of slack). */
  shortfall: boolean;
}

export function judgeAchievedRate(sent: number, durationMs: number, rate: number): RateVerdict {
  const seconds = durationMs / 1000;
  const achievedRate = seconds > 0 ? sent / seconds : 0;
  // One request of slack: a one-second run at 2/s that sent 1 is a boundary, not a shortfall.
  const expected = rate * seconds;
  return { rate, achievedRate, shortfall: sent < (1 - RATE_MARGIN) * expected - 1 };
}
