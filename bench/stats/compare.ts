// Benchmark (not a test): our sequential test against a fixed-sample test under the same
// tolerance contract and against Gateway API's 500-request ±5% rule with 10 retries, on
// simulated meshes, all judged by the same definition of a wrong verdict.
// Run: npx tsx bench/stats/compare.ts [--runs N] [--seed S]   → bench/results/stats.md
// The cells are split over two processes (the machine has 2 cores); seeds are per cell, so the
// split does not change any figure.
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_BUDGET, DEFAULT_DELTA } from "../../harness/stats/index.js";
import { sequentialDecider } from "./run-sequential.js";
import { destinationSampler, seededRng, tally, type Decider } from "./simulate.js";
import { fixedSampleDecider, fixedSamplePlan } from "./fixed-sample.js";
import { gatewayApiDecider } from "./gateway-api-rule.js";
import { renderReport, type Row } from "./render.js";
import { SCENARIOS, SWEEP_BUDGETS, SWEEP_SCENARIOS, type Scenario } from "./scenarios.js";
import { summarize, sweep, type Summary, type SweepRow } from "./summarize.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string", default: "20240601" },
    worker: { type: "string" },
    workers: { type: "string" },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);

export const METHODS: Array<{ name: string; decider: (s: Scenario) => Decider }> = [
  { name: "ours (confidence sequence)", decider: (s) => sequentialDecider({ weights: s.weights }) },
  { name: "fixed-sample intervals", decider: (s) => fixedSampleDecider({ weights: s.weights }) },
  { name: "Gateway API rule", decider: (s) => gatewayApiDecider({ weights: s.weights }) },
];

type Job = { kind: "cell"; scenario: number; method: number } | { kind: "sweep"; scenario: number };
type Result = { job: Job; summary?: Summary; sweep?: Omit<SweepRow, "scenario">; seconds: number };

const jobs: Job[] = [
  ...SWEEP_SCENARIOS.map((_, scenario): Job => ({ kind: "sweep", scenario })),
  ...SCENARIOS.flatMap((_, scenario) => METHODS.map((__, method): Job => ({ kind: "cell", scenario, method }))),
];

/** The sweep runs a quarter of the runs at the largest budget: enough for a 99th percentile. */
const sweepRuns = Math.max(100, Math.floor(runs / 4));

function runJob(job: Job): Result {
  const started = performance.now();
  if (job.kind === "cell") {
    const scenario = SCENARIOS[job.scenario] as Scenario;
    const method = METHODS[job.method];
    if (!method) throw new Error(`no method ${job.method}`);
    const t = tally(method.decider(scenario), scenario.truth, runs, seed + 100 * job.scenario + job.method);
    return { job, summary: summarize(t, scenario), seconds: (performance.now() - started) / 1000 };
  }
  const scenario = SWEEP_SCENARIOS[job.scenario] as Scenario;
  const budget = Math.max(...SWEEP_BUDGETS);
  const decide = sequentialDecider({ weights: scenario.weights, budget });
  const sample = destinationSampler(scenario.truth, seededRng(seed + 10_000 + job.scenario));
  const verdicts: string[] = [];
  const requests = new Float64Array(sweepRuns);
  for (let r = 0; r < sweepRuns; r++) {
    const { verdict, requests: n } = decide(sample);
    verdicts.push(verdict);
    requests[r] = n;
  }
  const { decided, budgetFor99 } = sweep(verdicts, requests, scenario, SWEEP_BUDGETS);
  return { job, sweep: { decided, ...(budgetFor99 !== undefined ? { budgetFor99 } : {}) }, seconds: (performance.now() - started) / 1000 };
}

function label(job: Job): string {
  return job.kind === "cell" ? `${SCENARIOS[job.scenario]?.name} · ${METHODS[job.method]?.name}` : `sweep ${SWEEP_SCENARIOS[job.scenario]?.name}`;
}

if (values.worker !== undefined) {
  const me = Number(values.worker);
  const of = Number(values.workers);
  jobs.forEach((job, i) => {
    if (i % of !== me) return;
    const result = runJob(job);
    process.stderr.write(`${label(job)}: ${result.seconds.toFixed(1)} s\n`);
    process.send?.(result);
  });
} else {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  const results: Result[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const child = fork(fileURLToPath(import.meta.url), ["--runs", String(runs), "--seed", String(seed), "--worker", String(i), "--workers", String(workers)]);
      child.on("message", (m) => results.push(m as Result));
      return new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker ${i} exited with ${code}`)))));
    }),
  );
  const rows: Row[] = [];
  const sweeps: SweepRow[] = [];
  for (const job of jobs) {
    const r = results.find((x) => JSON.stringify(x.job) === JSON.stringify(job));
    if (!r) throw new Error(`no result for ${label(job)}`);
    if (job.kind === "cell" && r.summary) rows.push({ scenario: SCENARIOS[job.scenario] as Scenario, method: METHODS[job.method]?.name ?? "?", summary: r.summary });
    if (job.kind === "sweep" && r.sweep) sweeps.push({ scenario: SWEEP_SCENARIOS[job.scenario] as Scenario, ...r.sweep });
  }
  const markdown = renderReport({
    command: `npx tsx bench/stats/compare.ts --runs ${runs} --seed ${seed}`,
    date: new Date().toISOString(),
    machine: `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}`,
    wallSeconds: (performance.now() - started) / 1000,
    runs,
    sweepRuns,
    settings: { alpha: DEFAULT_ALPHA, beta: DEFAULT_BETA, delta: DEFAULT_DELTA, budget: DEFAULT_BUDGET },
    fixedSampleSizes: [...new Map(SCENARIOS.map((s) => [Object.values(s.weights).join("/"), fixedSamplePlan({ weights: s.weights }).n])).entries()],
    rows,
    sweeps,
  });
  writeFileSync(new URL("../results/stats.md", import.meta.url), markdown);
  process.stdout.write(markdown);
}
