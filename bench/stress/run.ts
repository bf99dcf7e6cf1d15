// Benchmark (not a test): the whole mutation matrix while busy loops oversubscribe the cores —
// CLEAN_RUNS runs of the clean mesh plus every fault row of the mutation table, interleaved so
// a run cut short still covers both. Target: zero wrong verdicts (inconclusive allowed, counted).
//
// Run: npx tsx bench/stress/run.ts [--clean-runs 10] [--busy N (default 2 × cores)] [--seed S]
//      [--limit N (only the first N rows of the plan, for a quick look)]
//      → bench/results/stress.md (rewritten after every row; SIGINT/SIGTERM keep what ran)
import { writeFileSync, mkdirSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { parseArgs } from "node:util";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { MUTATION_TABLE, MUTATION_CHECKS, showAllowed, type MutationRow } from "../../harness/selftest/mutation-table.js";
import { runMutation } from "../../harness/selftest/run-mutation.js";
import { startBusyLoops } from "./busy-loops.js";
import { scoreRow } from "./classify.js";
import { renderStress, type StressReport } from "./render.js";

const { values } = parseArgs({
  options: {
    "clean-runs": { type: "string", default: "10" },
    busy: { type: "string", default: String(2 * availableParallelism()) },
    seed: { type: "string", default: "20261130" },
    limit: { type: "string" },
  },
});
const cleanRuns = Number(values["clean-runs"]);
const busy = Number(values.busy);
const seed = Number(values.seed);
const limit = values.limit === undefined ? Infinity : Number(values.limit);
if (![cleanRuns, busy, seed].every((n) => Number.isInteger(n) && n >= 0) || !(limit === Infinity || (Number.isInteger(limit) && limit > 0))) {
  process.stderr.write("stress: --clean-runs, --busy, --seed and --limit must be whole numbers ≥ 0 (--limit ≥ 1); nothing was run\n");
  process.exit(2);
}

const random = (s: number) => {
  const rng = xoroshiro128plus(s);
  return () => uniformFloat64(rng);
};

// Clean runs spread between the fault rows: clean, fault, clean, fault, … then what is left.
const clean = MUTATION_TABLE.find((r) => r.faults.length === 0)!;
const faulty = MUTATION_TABLE.filter((r) => r.faults.length > 0);
const plan: MutationRow[] = [];
for (let i = 0; i < Math.max(cleanRuns, faulty.length); i++) {
  if (i < cleanRuns) plan.push(clean);
  if (i < faulty.length) plan.push(faulty[i]!);
}
plan.splice(limit);

const out = new URL("../results/stress.md", import.meta.url);
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
const report: StressReport = {
  command: `npx tsx bench/stress/run.ts --clean-runs ${cleanRuns} --busy ${busy} --seed ${seed}${limit === Infinity ? "" : ` --limit ${limit}`}`,
  started: new Date().toISOString(),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
  busyLoops: busy,
  planned: plan.length,
  rows: [],
  finished: false,
};
const write = () => writeFileSync(out, renderStress(report));

const loops = startBusyLoops(busy);
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.once(signal, () => {
    loops.stop();
    write();
    process.exit(code);
  });
}
try {
  for (const [i, row] of plan.entries()) {
    const t0 = performance.now();
    const name = row.faults.length ? row.faults.join(" ") : "clean";
    const outcome = await runMutation(row, { random: random(seed + i) });
    const score = scoreRow(outcome);
    const targets = Object.entries(row.targets ?? {}).map(([t, a]) => `${t} ${showAllowed(a)}`);
    const allowed = (MUTATION_CHECKS.filter((c) => showAllowed(row.expected[c]) !== "pass").map((c) => `${c} ${showAllowed(row.expected[c])}`).join(", ") || "all pass") + (targets.length ? ` (but ${targets.join(", ")})` : "");
    // Per result, not per check: a check with several targets (VirtualService and HTTPRoute) may
    // pass on one and fail on the other, and a per-check status would show only one of them.
    const missing = outcome.mismatches.filter((m) => m.got === "missing").map((m) => `${m.check} missing`);
    const statuses = [...outcome.report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id} ${c.status}`), ...missing].join(", ") || "all pass";
    report.rows.push({ name, allowed, statuses, seconds: (performance.now() - t0) / 1000, score });
    process.stderr.write(`stress ${i + 1}/${plan.length} ${name}: ${statuses}; wrong ${score.wrong}, inconclusive ${score.inconclusive}, error ${score.unexpectedError} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    for (const n of score.notes) process.stderr.write(`  ${n}\n`);
    write();
  }
  report.finished = true;
  write();
} finally {
  loops.stop();
}
const wrong = report.rows.reduce((n, r) => n + r.score.wrong, 0);
process.stdout.write(renderStress(report));
process.exitCode = wrong === 0 ? 0 : 1;
