// Comparing two run reports (before/after an upgrade): what differed besides the mesh, checks
// whose status changed, canary shares that moved, latency percentiles that moved. Two runs of
// the same mesh never show exactly the same shares or latencies, so a move counts only when a
// two-sample test says it is more than sampling noise, at the runs' α: a share by Fisher's
// exact test on the destination's count (Bonferroni over the check's destinations); a latency
// percentile by the same test, one-sided, on the share of requests slower than a latency between
// the two runs' percentiles (the histogram bucket edge nearest their geometric mean), together
// with a size rule (×1.5 and ≥ 1 ms)
// so a significant but negligible shift is not listed. Pure; the command decides what to print
// and the exit code.

import { ExitCode } from "../exit-codes.js";
import type { CheckResult, RunReport } from "../report/types.js";
import { fisherExactTest } from "../stats/fisher-exact.js";
import { contextDifferences } from "./run-context.js";
import type { DiffResult, LatencyMove, ShareMove, Standing, StatusChange } from "./types.js";
import type { CheckStatus } from "../status.js";

/** Latency moved when after/before (or before/after) ≥ ratio, the difference ≥ minMs, and the test agrees. */
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

/** The level both reports agree to: the smaller α of their canary evidence (or settings). */
export function defaultAlpha(before: RunReport, after: RunReport): number {
  const alphas = [before, after].flatMap((r) => r.checks.flatMap((c) => (c.evidence.kind === "canary" ? [c.evidence.proportion.alpha] : [])));
  return alphas.length > 0 ? Math.min(...alphas) : Math.min(before.settings.stats.alpha, after.settings.stats.alpha);
}

interface Counts {
  requests: number;
  observed: Map<string, { observed: number; expected: number }>;
}

function shareCounts(c: CheckResult | undefined): Counts | undefined {
  if (!c || c.evidence.kind !== "canary" || c.evidence.proportion.requests === 0) return undefined;
  const p = c.evidence.proportion;
  return { requests: p.requests, observed: new Map(p.destinations.map((d) => [d.name, { observed: d.observed, expected: d.expectedShare }])) };
}

function shareMoves(before: RunReport, after: RunReport, alpha: number): ShareMove[] {
  const afterById = new Map(after.checks.map((c) => [c.id, c]));
  const out: ShareMove[] = [];
  for (const cb of before.checks) {
    const sb = shareCounts(cb);
    const sa = shareCounts(afterById.get(cb.id));
    if (!sb || !sa) continue;
    const names = [...new Set([...sb.observed.keys(), ...sa.observed.keys()])];
    const level = alpha / names.length;
    for (const d of names) {
      const kb = sb.observed.get(d)?.observed ?? 0;
      const ka = sa.observed.get(d)?.observed ?? 0;
      const test = fisherExactTest(kb, sb.requests, ka, sa.requests);
      if (test.pTwoSided > level) continue;
      const vb = kb / sb.requests;
      const va = ka / sa.requests;
      // Judged against the weight after (an unexpected destination's weight is 0): a share
      // that moved back to its weight is a fix, not a regression.
      const expected = sa.observed.get(d)?.expected ?? sb.observed.get(d)?.expected ?? 0;
      const direction = Math.abs(va - expected) > Math.abs(vb - expected) ? "away" : "toward";
      out.push({ check: cb.id, destination: d, before: vb, after: va, moved: va - vb, pValue: test.pTwoSided, level, expected, direction });
    }
  }
  return out;
}

/** Requests slower than bucket edge `edgeIndex`, from a report's cumulative histogram. */
function aboveEdge(h: CheckResult["traffic"]["latencyHistogram"], edgeIndex: number): number {
  return h.count - (h.cumulative[edgeIndex] ?? h.count);
}

function nearestEdge(leMs: number[], ms: number): number {
  let best = 0;
  for (let i = 1; i < leMs.length; i++) {
    if (Math.abs(Math.log((leMs[i] ?? 1) / Math.max(ms, 1e-3))) < Math.abs(Math.log((leMs[best] ?? 1) / Math.max(ms, 1e-3)))) best = i;
  }
  return best;
}

function sameBuckets(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function latencyMoves(before: RunReport, after: RunReport, rule: { ratio: number; minMs: number }, alpha: number): LatencyMove[] {
  const afterById = new Map(after.checks.map((c) => [c.id, c]));
  const out: LatencyMove[] = [];
  for (const cb of before.checks) {
    const ca = afterById.get(cb.id);
    if (!ca || cb.traffic.latency.count === 0 || ca.traffic.latency.count === 0) continue;
    const hb = cb.traffic.latencyHistogram;
    const ha = ca.traffic.latencyHistogram;
    if (hb.count === 0 || ha.count === 0 || !sameBuckets(hb.leMs, ha.leMs)) continue;
    for (const [percentile, key] of [["p50", "p50Ms"], ["p99", "p99Ms"]] as const) {
      const b = cb.traffic.latency[key];
      const a = ca.traffic.latency[key];
      if (Math.abs(a - b) < rule.minMs) continue;
      const ratio = b > 0 ? a / b : Infinity;
      const direction = ratio >= rule.ratio ? "slower" : ratio <= 1 / rule.ratio ? "faster" : undefined;
      if (direction === undefined) continue;
      // Between the two percentiles (geometric mean): the slow share there moves with the percentile either way.
      const edge = nearestEdge(hb.leMs, Math.sqrt(Math.max(a, 1e-3) * Math.max(b, 1e-3)));
      const kb = aboveEdge(hb, edge);
      const ka = aboveEdge(ha, edge);
      const test = fisherExactTest(kb, hb.count, ka, ha.count);
      const pValue = direction === "slower" ? test.pSecondLarger : test.pSecondSmaller;
      if (pValue > alpha) continue;
      out.push({ check: cb.id, percentile, beforeMs: b, afterMs: a, ratio, direction, edgeMs: hb.leMs[edge] ?? 0, beforeAbove: kb / hb.count, afterAbove: ka / ha.count, pValue });
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

export function diffReports(before: RunReport, after: RunReport, opts: { alpha?: number; latency?: { ratio: number; minMs: number } } = {}): DiffResult {
  const alpha = opts.alpha ?? defaultAlpha(before, after);
  const latencyRule = opts.latency ?? DEFAULT_LATENCY_RULE;
  const changes = statusChanges(before, after);
  const moves = shareMoves(before, after, alpha);
  return {
    apiVersion: "meshcheck/v1",
    kind: "RunDiff",
    before: { runId: before.runId, target: before.target.name, verdict: before.verdict },
    after: { runId: after.runId, target: after.target.name, verdict: after.verdict },
    context: contextDifferences(before, after),
    alpha,
    latencyRule,
    statusChanges: changes,
    shareMoves: moves,
    latencyMoves: latencyMoves(before, after, latencyRule, alpha),
    regression: changes.some((c) => c.direction === "worse") || moves.some((m) => m.direction === "away"),
    ...coverage(before, after),
  };
}
