// The human rendering of a diff (stderr): one line per finding, then one verdict line.

import { ms, pct, points } from "../render-kit/format.js";
import type { DiffResult } from "./types.js";
import { diffExitCode } from "./compare.js";

const pValue = (p: number): string => (p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2))));

export function formatDiff(d: DiffResult): string {
  const lines = [`meshcheck diff: ${d.before.runId} (${d.before.verdict}) → ${d.after.runId} (${d.after.verdict})`];
  // First what differed besides the mesh: a finding under another fault or setting is about that.
  for (const c of d.context) lines.push(`  differs    ${c.what}: ${c.before} → ${c.after}`);
  for (const c of d.statusChanges) {
    const tag = c.direction === "worse" ? "REGRESSION" : c.direction === "better" ? "improved  " : "changed   ";
    lines.push(`  ${tag} ${c.id}: ${c.before} → ${c.after}`);
  }
  for (const m of d.shareMoves) {
    const sign = m.moved > 0 ? "+" : "−";
    const tag = m.direction === "away" ? "REGRESSION" : "moved back";
    const weight = m.expected !== undefined ? `, weight ${points(m.expected)}` : "";
    lines.push(`  ${tag} ${m.check} share of ${m.destination}: ${pct(m.before)} → ${pct(m.after)} (${sign}${pct(Math.abs(m.moved))}${weight}; Fisher's exact test p = ${pValue(m.pValue)} ≤ ${pValue(m.level)})`);
  }
  for (const l of d.latencyMoves) {
    lines.push(`  ${l.direction === "slower" ? "slower    " : "faster    "} ${l.check} ${l.percentile}: ${ms(l.beforeMs)} → ${ms(l.afterMs)} (×${Number.isFinite(l.ratio) ? l.ratio.toFixed(2) : "∞"}; slower than ${ms(l.edgeMs)}: ${pct(l.beforeAbove)} → ${pct(l.afterAbove)}, p = ${pValue(l.pValue)})`);
  }
  const findings = d.statusChanges.length + d.shareMoves.length + d.latencyMoves.length;
  if (findings === 0) lines.push(`  no changes beyond sampling noise (two-sample tests at α = ${d.alpha}; latency also ×${d.latencyRule.ratio} and ≥ ${d.latencyRule.minMs} ms)`);
  if (d.context.length > 0 && findings > 0) lines.push(`  (the runs differ in ${d.context.map((c) => c.what).join(", ")}: read the findings with that in mind)`);
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
