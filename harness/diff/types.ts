import type { CheckStatus } from "../status.js";
// What `meshcheck diff` finds between two run reports (the `--json` output, versioned).


export type Standing = CheckStatus | "skipped" | "absent";

export interface StatusChange {
  id: string;
  before: Standing;
  after: Standing;
  /** worse: a regression; better; other: not comparable (added, removed, skipped). */
  direction: "worse" | "better" | "other";
}

/** A setting, target or fault list that differs between the two runs. */
export interface ContextDifference {
  what: string;
  before: string;
  after: string;
}

export interface ShareMove {
  check: string;
  destination: string;
  before: number;
  after: number;
  /** after − before, absolute share. */
  moved: number;
  /** Two-sided p-value of Fisher's exact test for this destination. */
  pValue: number;
  /** The level it was judged at: α over the destinations tested (Bonferroni). */
  level: number;
  /** The weight after (0..1), when the destination has one. */
  expected?: number;
  /** away: the share ended farther from its weight (a regression); toward: closer (a fix). */
  direction: "away" | "toward";
}

export interface LatencyMove {
  check: string;
  percentile: "p50" | "p99";
  beforeMs: number;
  afterMs: number;
  ratio: number;
  direction: "slower" | "faster";
  /** The latency bucket edge nearest the geometric mean of the two percentiles: the test compares the share of requests above it. */
  edgeMs: number;
  /** Share of requests slower than edgeMs, before and after. */
  beforeAbove: number;
  afterAbove: number;
  /** One-sided p-value (in the move's direction) of Fisher's exact test. */
  pValue: number;
}

export interface DiffResult {
  apiVersion: "meshcheck/v1";
  kind: "RunDiff";
  before: { runId: string; target: string; verdict: string };
  after: { runId: string; target: string; verdict: string };
  /** What differed besides the mesh: target, faults, settings. Printed first. */
  context: ContextDifference[];
  /** The significance level of the share and latency tests (default: the smaller α of the two runs). */
  alpha: number;
  /** A latency percentile is listed when it moved by this much AND the test agrees at alpha. */
  latencyRule: { ratio: number; minMs: number };
  statusChanges: StatusChange[];
  shareMoves: ShareMove[];
  latencyMoves: LatencyMove[];
  /** A check got worse or a share moved significantly away from its weight: exit 1. */
  regression: boolean;
  /** Checks with a status (pass, fail, error, inconclusive) in both runs. */
  compared: number;
  /** Set when nothing could be compared (e.g. the after-run tested nothing): exit 3, never "no regression". */
  nothingCompared?: string;
}
