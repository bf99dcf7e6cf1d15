// The human rendering of a diff (stderr): one line per finding, then one verdict line.

import { ms, pct, points } from "../render-kit/format.js";
import type { DiffResult } from "./types.js";
import { diffExitCode } from "./compare.js";

export function formatDiff(d: DiffResult): string {
  const lines = [`meshcheck diff: ${d.before.runId} (${d.before.verdict}) → ${d.after.runId} (${d.after.verdict})`];
  for (const c of d.statusChanges) {
    const tag = c.direction === "worse" ? "REGRESSION" : c.direction === "better" ? "improved  " : "changed   ";
    lines.push(`  ${tag} ${c.id}: ${c.before} → ${c.after}`);
  }
  for (const m of d.shareMoves) {
    const sign = m.moved > 0 ? "+" : "−";
    const tag = m.direction === "away" ? "REGRESSION" : "moved back";
    const weight = m.expected !== undefined ? `, weight ${points(m.expected)}` : "";
    lines.push(`  ${tag} ${m.check} share of ${m.destination}: ${pct(m.before)} → ${pct(m.after)} (${sign}${pct(Math.abs(m.moved))}, tolerance ±${points(m.tolerance)}${weight})`);
  }
  for (const l of d.latencyMoves) {
    lines.push(`  ${l.direction === "slower" ? "slower    " : "faster    "} ${l.check} ${l.percentile}: ${ms(l.beforeMs)} → ${ms(l.afterMs)} (×${Number.isFinite(l.ratio) ? l.ratio.toFixed(2) : "∞"})`);
  }
  const findings = d.statusChanges.length + d.shareMoves.length + d.latencyMoves.length;
  if (findings === 0) lines.push(`  no changes (share tolerance ±${points(d.tolerance)}, latency rule ×${d.latencyRule.ratio} and ≥ ${d.latencyRule.minMs} ms)`);
  const code = diffExitCode(d);
  lines.push(
    d.regression
      ? `meshcheck diff: REGRESSION (exit ${code})`
      : d.nothingCompared !== undefined
        ? `meshcheck diff: nothing to compare — ${d.nothingCompared}; cannot say there is no regression (exit ${code})`
        : `meshcheck diff: no regression in ${d.compared} check(s) compared (exit ${code})`,
  );
  return lines.join("\n") + "\n";
}
