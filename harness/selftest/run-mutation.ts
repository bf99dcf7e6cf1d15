// One row of the mutation table: start the local mesh with the row's faults, run every check,
// and compare each status with the row's allowed set. The self-test asserts on the result; the
// stress benchmark counts it.
import { startLocalMesh } from "../../local-mesh/index.js";
import { runChecks } from "../runner/run-checks.js";
import { ALL_CHECKS } from "../features/registry.js";
import { DEFAULT_STATS } from "../settings.js";
import { DEFAULT_TIMING } from "../timing.js";
import { KNOBS } from "../../spec/knobs.js";
import type { RunReport } from "../report/types.js";
import { MUTATION_CHECKS, type MutationCheck, type MutationRow } from "./mutation-table.js";
import type { CheckStatus } from "../status.js";

export interface Mismatch {
  check: string;
  got: CheckStatus | "missing";
  allowed: readonly CheckStatus[];
  summary: string;
}

export interface MutationOutcome {
  statuses: Partial<Record<MutationCheck, CheckStatus>>;
  /** Checks whose status is outside the allowed set (and checks that ran but are not in the table). */
  mismatches: Mismatch[];
  /** Checks the runner skipped (a skipped check is never counted as matching). */
  skipped: string[];
  report: RunReport;
}

export interface RunMutationOptions {
  /** Randomness for the mesh's weighted picks and fault draws (default Math.random). */
  random?: () => number;
  /** How long a route may take to answer as expected before a check gives up (default 10 s). */
  convergenceTimeoutMs?: number;
}

/**
 * Shorter than a user's 30 s, because rows with a workload down wait it out in every check that
 * cannot converge; long enough that a loaded machine (answers taking a second or more) still
 * converges on a healthy route (2 s left little room for three answers in a row).
 */
const CONVERGENCE_TIMEOUT_MS = 10_000;

export async function runMutation(row: MutationRow, opts: RunMutationOptions = {}): Promise<MutationOutcome> {
  const faults = [...row.faults];
  const mesh = await startLocalMesh({ faults, ...(opts.random && { random: opts.random }) });
  try {
    const report = await runChecks({
      profile: mesh.profile,
      target: { name: "local", source: "local", faults },
      checks: ALL_CHECKS,
      selection: { checks: [], features: [] },
      stats: DEFAULT_STATS,
      timing: { ...DEFAULT_TIMING, convergenceTimeoutMs: opts.convergenceTimeoutMs ?? CONVERGENCE_TIMEOUT_MS },
      // As `meshcheck run` does by default: the verdicts must hold with checks sharing the run.
      concurrency: KNOBS.concurrency.default,
    });
    const statuses: Partial<Record<MutationCheck, CheckStatus>> = {};
    const mismatches: Mismatch[] = [];
    const isTableCheck = (c: string): c is MutationCheck => (MUTATION_CHECKS as readonly string[]).includes(c);
    // Every result counts (a check may test several targets); every check in the table must have run.
    for (const r of report.checks) {
      if (!isTableCheck(r.check)) {
        mismatches.push({ check: r.id, got: r.status, allowed: [], summary: `not in the mutation table: ${r.summary}` });
        continue;
      }
      const allowed = row.targets?.[r.id] ?? row.expected[r.check];
      if (statuses[r.check] === undefined || !allowed.includes(r.status)) statuses[r.check] = r.status;
      if (!allowed.includes(r.status)) mismatches.push({ check: r.id, got: r.status, allowed, summary: r.summary });
    }
    for (const check of MUTATION_CHECKS) {
      if (statuses[check] === undefined) mismatches.push({ check, got: "missing", allowed: row.expected[check], summary: "(did not run)" });
    }
    return { statuses, mismatches, skipped: report.skipped.map((s) => `${s.check}: ${s.reason}`), report };
  } finally {
    await mesh.stop();
  }
}
