// Benchmark (not a test): our sequential test against a fixed-sample test at the same α, β
// and against Gateway API's 500-request ±5% rule with 10 retries, on simulated meshes.
// Run: npx tsx bench/stats/compare.ts [--runs N] [--seed S]   → bench/results/stats.md
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_BUDGET, DEFAULT_DELTA } from "../../harness/stats/index.js";
import { sequentialDecider } from "../../test/stats/run-sequential.js";
import { tally, type Decider } from "../../test/stats/simulate.js";
import { fixedSampleDecider, fixedSamplePlan } from "./fixed-sample.js";
import { gatewayApiDecider } from "./gateway-api-rule.js";
import { renderReport, type Row } from "./render.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";
import { summarize } from "./summarize.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, seed: { type: "string", default: "20240601" } },
});
const runs = Number(values.runs);
const seed = Number(values.seed);

const methods: Array<{ name: string; decider: (s: Scenario) => Decider }> = [
  { name: "ours (sequential SPRT)", decider: (s) => sequentialDecider({ weights: s.weights }) },
  { name: "fixed-sample z-test", decider: (s) => fixedSampleDecider({ weights: s.weights }) },
  { name: "Gateway API rule", decider: (s) => gatewayApiDecider({ weights: s.weights }) },
];

const rows: Row[] = [];
SCENARIOS.forEach((scenario, si) => {
  methods.forEach((m, mi) => {
    const started = performance.now();
    const t = tally(m.decider(scenario), scenario.truth, runs, seed + 100 * si + mi);
    rows.push({ scenario, method: m.name, summary: summarize(t, scenario) });
    process.stderr.write(`${scenario.name} · ${m.name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  });
});

const markdown = renderReport({
  command: `npx tsx bench/stats/compare.ts --runs ${runs} --seed ${seed}`,
  date: new Date().toISOString(),
  machine: `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}`,
  runs,
  settings: { alpha: DEFAULT_ALPHA, beta: DEFAULT_BETA, delta: DEFAULT_DELTA, budget: DEFAULT_BUDGET },
  fixedSampleSizes: SCENARIOS.map((s) => ({ weights: s.weights, n: fixedSamplePlan({ weights: s.weights }).n })),
  rows,
});
writeFileSync(new URL("../results/stats.md", import.meta.url), markdown);
process.stdout.write(markdown);
