// What differed between two runs besides the mesh: target, deliberate faults, statistics and
// timing settings, the checks selected. Named first in a diff, because a finding under a
// different fault or setting says more about the run than about the upgrade.
import type { RunReport } from "../report/types.js";
import type { ContextDifference } from "./types.js";

const show = (v: unknown): string => (Array.isArray(v) ? (v.length === 0 ? "none" : v.join(", ")) : typeof v === "string" ? v : JSON.stringify(v));

function sortedList(v: string[]): string[] {
  return [...v].sort();
}

export function contextDifferences(before: RunReport, after: RunReport): ContextDifference[] {
  const pairs: [string, unknown, unknown][] = [
    ["target", before.target.name, after.target.name],
    ["target source", before.target.source, after.target.source],
    ["faults", sortedList(before.target.faults), sortedList(after.target.faults)],
    ["checks selected", sortedList(before.settings.selection.checks), sortedList(after.settings.selection.checks)],
    ["features selected", sortedList(before.settings.selection.features), sortedList(after.settings.selection.features)],
  ];
  for (const key of Object.keys({ ...before.settings.stats, ...after.settings.stats }).sort()) {
    pairs.push([`stats ${key}`, (before.settings.stats as unknown as Record<string, unknown>)[key], (after.settings.stats as unknown as Record<string, unknown>)[key]]);
  }
  for (const key of Object.keys({ ...before.settings.timing, ...after.settings.timing }).sort()) {
    pairs.push([`timing ${key}`, (before.settings.timing as unknown as Record<string, unknown>)[key], (after.settings.timing as unknown as Record<string, unknown>)[key]]);
  }
  return pairs.filter(([, b, a]) => JSON.stringify(b) !== JSON.stringify(a)).map(([what, b, a]) => ({ what, before: show(b), after: show(a) }));
}
