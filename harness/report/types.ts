// The run report: the one canonical result of a run (versioned JSON). Every other output —
// console, JUnit, Markdown, HTML, Prometheus, history, diff — is a rendering of it.

import type { CheckEvidence } from "../features/registry.js";
import type { Feature } from "../check-kit/types.js";
import type { StatsSettings } from "../settings.js";
import type { Timing } from "../timing.js";
import type { TrafficStats } from "../traffic/stats.js";
import type { CheckStatus, RunVerdict } from "../status.js";
import type { RouteApi } from "../../spec/profile/types.js";

export const REPORT_API_VERSION = "meshcheck/v1";
export const REPORT_KIND = "RunReport";

/** What a check's requests got: the traffic engine's counts and latency (no per-request
 * records), plus cumulative latency buckets for Prometheus-style histograms. */
export type TrafficSummary = Pick<TrafficStats, "requests" | "responses" | "errors" | "byDestination" | "unidentified" | "byStatus" | "byError" | "latency"> & {
  /** Cumulative counts per upper bound (+Inf is `count`). */
  latencyHistogram: { leMs: number[]; cumulative: number[]; count: number; sumMs: number };
};

export interface CheckResult {
  /** "<check>/<target>", unique within a run. */
  id: string;
  check: string;
  feature: Feature;
  target: string;
  /** The API the target's profile entry says it came from (VirtualService or HTTPRoute), when it says. */
  api?: RouteApi;
  description: string;
  status: CheckStatus;
  summary: string;
  requests: number;
  durationMs: number;
  evidence: CheckEvidence;
  traffic: TrafficSummary;
}

export interface SkippedCheck {
  check: string;
  feature: Feature;
  reason: string;
}

export interface RunReport {
  apiVersion: typeof REPORT_API_VERSION;
  kind: typeof REPORT_KIND;
  runId: string;
  meshcheckVersion: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: { name: string; source: string; faults: string[] };
  /** `concurrency`: most checks run at once (--concurrency); absent in reports from before it existed. */
  settings: { stats: StatsSettings; timing: Timing; selection: { checks: string[]; features: string[] }; concurrency?: number };
  verdict: RunVerdict;
  exitCode: number;
  counts: Record<CheckStatus | "skipped", number>;
  /** Sorted by id. */
  checks: CheckResult[];
  /** Sorted by check. */
  skipped: SkippedCheck[];
  /** Run-level problems (e.g. the run was interrupted): the report is partial. */
  problems: string[];
}
