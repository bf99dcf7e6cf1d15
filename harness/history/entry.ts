// One history line: a compact projection of a RunReport — enough to draw trends of verdicts,
// canary shares and latency over many runs without keeping every run.json.

import type { RunReport } from "../report/types.js";
import type { CheckStatus, RunVerdict } from "../status.js";

export const HISTORY_VERSION = 1;

export interface CanaryPoint {
  requests: number;
  delta: number;
  /** Observed share per destination (0..1), in weights order. */
  shares: Record<string, number>;
  /** Expected share per destination (0..1). */
  expected: Record<string, number>;
}

export interface HistoryEntry {
  v: typeof HISTORY_VERSION;
  runId: string;
  time: string;
  target: string;
  faults: string[];
  verdict: RunVerdict;
  /** Check result id → status; skipped checks as "skipped" under their check id. */
  checks: Record<string, CheckStatus | "skipped">;
  /** Canary check result id → shares. */
  canary: Record<string, CanaryPoint>;
  /** Check result id → latency percentiles in ms. */
  latency: Record<string, { p50Ms: number; p99Ms: number }>;
  /** The run's report.html, relative to the history file's folder (absent in lines written before it was recorded). */
  report?: string;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** `report`: the run's report.html relative to the history file's folder, for the history page's link. */
export function historyEntry(r: RunReport, report?: string): HistoryEntry {
  const checks: HistoryEntry["checks"] = {};
  const canary: HistoryEntry["canary"] = {};
  const latency: HistoryEntry["latency"] = {};
  for (const c of r.checks) {
    checks[c.id] = c.status;
    latency[c.id] = { p50Ms: c.traffic.latency.p50Ms, p99Ms: c.traffic.latency.p99Ms };
    if (c.evidence.kind === "canary") {
      const p = c.evidence.proportion;
      canary[c.id] = {
        requests: p.requests,
        delta: p.delta,
        shares: Object.fromEntries(p.destinations.map((d) => [d.name, round(d.share, 5)])),
        expected: Object.fromEntries(p.destinations.map((d) => [d.name, d.expectedShare])),
      };
    }
  }
  for (const s of r.skipped) checks[s.check] = "skipped";
  return { v: HISTORY_VERSION, runId: r.runId, time: r.startedAt, target: r.target.name, faults: r.target.faults, verdict: r.verdict, checks, canary, latency, ...(report !== undefined ? { report } : {}) };
}
