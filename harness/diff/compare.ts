// Comparing two run reports (before/after an upgrade): checks whose status changed, canary
// shares that moved by more than the tolerance, latency percentiles that moved by more than a
// ratio. Pure; the command decides what to print and the exit code.

import { ExitCode } from "../exit-codes.js";
import type { CheckResult, RunReport } from "../report/types.js";
import type { DiffResult, LatencyMove, ShareMove, Standing, StatusChange } from "./types.js";
import type { CheckStatus } from "../status.js";

/** Latency moved when after/before (or before/after) ≥ ratio and the difference ≥ minMs. */
export const DEFAULT_LATENCY_RULE = { ratio: 1.5, minMs: 1 };

/** Worse is higher: a failure outranks an error (could not decide), which outranks inconclusive. */
const RANK: Record<CheckStatus, number> = { pass: 0, inconclusive: 1, error: 2, fail: 3 };

function standings(r: RunReport): Map<string, Standing> {
  const m = new Map<string, Standing>();
  for (const s of r.skipped) m.set(s.check, "skipped");
  for (const c of r.checks) m.set(c.id, c.status);
  return m;
}

function isRanked(s: Standing): s is CheckStatus {
  return s !== "skipped" && s !== "absent";
}

function statusChanges(before: RunReport, after: RunReport): StatusChange[] {
  const b = standings(before);
  const a = standings(after);
  const ids = [...new Set([...b.keys(), ...a.keys()])].sort();
  const out: StatusChange[] = [];
  for (const id of ids) {
    const sb = b.get(id) ?? "absent";
    const sa = a.get(id) ?? "absent";
    if (sb === sa) continue;
    const direction = isRanked(sb) && isRanked(sa) ? (RANK[sa] > RANK[sb] ? "worse" : "better") : "other";
    out.push({ id, before: sb, after: sa, direction });
  }
  return out;
}

/** The tolerance both reports agree to: the smaller δ of their canary evidence (or settings). */
export function defaultTolerance(before: RunReport, after: RunReport): number {
  const deltas = [before, after].flatMap((r) => r.checks.flatMap((c) => (c.evidence.kind === "canary" ? [c.evidence.proportion.delta] : [])));
  return deltas.length > 0 ? Math.min(...deltas) : Math.min(before.settings.stats.delta, after.settings.stats.delta);
}

function shares(c: CheckResult | undefined): Map<string, { share: number; expected: number }> | undefined {
  if (!c || c.evidence.kind !== "canary" || c.evidence.proportion.requests === 0) return undefined;
  return new Map(c.evidence.proportion.destinations.map((d) => [d.name, { share: d.share, expected: d.expectedShare }]));
}

function shareMoves(before: RunReport, after: RunReport, tolerance: number): ShareMove[] {
  const afterById = new Map(after.checks.map((c) => [c.id, c]));
  const out: ShareMove[] = [];
  for (const cb of before.checks) {
    const sb = shares(cb);
    const sa = shares(afterById.get(cb.id));
    if (!sb || !sa) continue;
    const names = [...new Set([...sb.keys(), ...sa.keys()])];
    for (const d of names) {
      const vb = sb.get(d)?.share ?? 0;
      const va = sa.get(d)?.share ?? 0;
      // A tiny epsilon keeps a move of exactly δ (in binary floating point) from counting.
      if (Math.abs(va - vb) <= tolerance + 1e-12) continue;
      // Judged against the weight after (an unexpected destination's weight is 0): a share
      // that moved back to its weight is a fix, not a regression.
      const expected = sa.get(d)?.expected ?? sb.get(d)?.expected ?? 0;
      const direction = Math.abs(va - expected) > Math.abs(vb - expected) ? "away" : "toward";
      out.push({ check: cb.id, destination: d, before: vb, after: va, moved: va - vb, tolerance, expected, direction });
    }
  }
  return out;
}

function latencyMoves(before: RunReport, after: RunReport, rule: { ratio: number; minMs: number }): LatencyMove[] {
  const afterById = new Map(after.checks.map((c) => [c.id, c]));
  const out: LatencyMove[] = [];
  for (const cb of before.checks) {
    const ca = afterById.get(cb.id);
    if (!ca || cb.traffic.latency.count === 0 || ca.traffic.latency.count === 0) continue;
    for (const [percentile, key] of [["p50", "p50Ms"], ["p99", "p99Ms"]] as const) {
      const b = cb.traffic.latency[key];
      const a = ca.traffic.latency[key];
      if (Math.abs(a - b) < rule.minMs) continue;
      const ratio = b > 0 ? a / b : Infinity;
      if (ratio >= rule.ratio) out.push({ check: cb.id, percentile, beforeMs: b, afterMs: a, ratio, direction: "slower" });
      else if (ratio <= 1 / rule.ratio) out.push({ check: cb.id, percentile, beforeMs: b, afterMs: a, ratio, direction: "faster" });
    }
  }
  return out;
}

/** Checks with a status in both runs, and why nothing could be compared when none has. */
function coverage(before: RunReport, after: RunReport): { compared: number; nothingCompared?: string } {
  const afterIds = new Set(after.checks.map((c) => c.id));
  const compared = before.checks.filter((c) => afterIds.has(c.id)).length;
  if (compared > 0) return { compared };
  const why = (r: RunReport, which: string) => `the ${which}-run tested nothing (no check ran; its verdict: ${r.verdict}${r.problems.length > 0 ? `, ${r.problems[0]}` : ""})`;
  if (after.checks.length === 0) return { compared, nothingCompared: why(after, "after") };
  if (before.checks.length === 0) return { compared, nothingCompared: why(before, "before") };
  return { compared, nothingCompared: "the two runs have no check in common" };
}

/** Exit 1 on a regression; otherwise 3 when nothing could be compared; else 0. */
export function diffExitCode(d: DiffResult): ExitCode {
  if (d.regression) return ExitCode.Fail;
  return d.nothingCompared !== undefined ? ExitCode.CannotTest : ExitCode.Pass;
}

export function diffReports(before: RunReport, after: RunReport, opts: { tolerance?: number; latency?: { ratio: number; minMs: number } } = {}): DiffResult {
  const tolerance = opts.tolerance ?? defaultTolerance(before, after);
  const latencyRule = opts.latency ?? DEFAULT_LATENCY_RULE;
  const changes = statusChanges(before, after);
  const moves = shareMoves(before, after, tolerance);
  return {
    apiVersion: "meshcheck/v1",
    kind: "RunDiff",
    before: { runId: before.runId, target: before.target.name, verdict: before.verdict },
    after: { runId: after.runId, target: after.target.name, verdict: after.verdict },
    tolerance,
    latencyRule,
    statusChanges: changes,
    shareMoves: moves,
    latencyMoves: latencyMoves(before, after, latencyRule),
    regression: changes.some((c) => c.direction === "worse") || moves.some((m) => m.direction === "away"),
    ...coverage(before, after),
  };
}
