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

export interface ShareMove {
  check: string;
  destination: string;
  before: number;
  after: number;
  /** after − before, absolute share. */
  moved: number;
  tolerance: number;
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
}

export interface DiffResult {
  apiVersion: "meshcheck/v1";
  kind: "RunDiff";
  before: { runId: string; target: string; verdict: string };
  after: { runId: string; target: string; verdict: string };
  /** Share tolerance used (absolute). */
  tolerance: number;
  latencyRule: { ratio: number; minMs: number };
  statusChanges: StatusChange[];
  shareMoves: ShareMove[];
  latencyMoves: LatencyMove[];
  /** A check got worse or a share moved beyond tolerance: exit 1. */
  regression: boolean;
  /** Checks with a status (pass, fail, error, inconclusive) in both runs. */
  compared: number;
  /** Set when nothing could be compared (e.g. the after-run tested nothing): exit 3, never "no regression". */
  nothingCompared?: string;
}
