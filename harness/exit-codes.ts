// Exit codes of every meshcheck command (README "Exit codes").
export enum ExitCode {
  /** Every selected check passed. */
  Pass = 0,
  /** At least one check failed: the mesh does not do what its configuration says. */
  Fail = 1,
  /** Usage or configuration error: flags, profile, manifests. */
  Usage = 2,
  /** Could not test: target unreachable, a positive control failed, or inconclusive. */
  CannotTest = 3,
  /** Every check passed, but the metrics could not be delivered (Pushgateway, file, port); the report was written. */
  DeliveryFailed = 4,
  /** The output could not be written where asked (--out, `history --out`, `load --out`); it was written to a fallback path, which was printed. */
  OutputMoved = 5,
}
