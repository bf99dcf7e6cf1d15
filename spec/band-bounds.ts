// What a fixed-sample proportion threshold is judged against (k6 plans these, scenarios/lib/shares.ts):
// the tolerance band, and the narrower pass bounds and wider fail bounds around it.
export interface BandBounds {
  /** The band: expected ± δ, clipped to [0, 1] (exact at 0 and 1). */
  low: number;
  high: number;
  /** Pass claim: the observed rate lies in [passLow, passHigh]. */
  passLow: number;
  passHigh: number;
  /** Fail claim: the observed rate lies outside [failLow, failHigh]. */
  failLow: number;
  failHigh: number;
}
