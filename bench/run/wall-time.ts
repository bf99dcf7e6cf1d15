// Benchmark: wall time of a full `meshcheck run` against the local mesh, as a user runs it
// (a fresh node process: start-up, mesh start, every check, reports, mesh stop).
//
// Run: npx tsx bench/run/wall-time.ts [--runs 5]     → bench/results/run.md

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { quantile } from "simple-statistics";
import type { RunReport } from "../../harness/report/types.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function once(out: string): Promise<{ wallMs: number; code: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, "run", "--out", out, "--no-history"], { env: { ...process.env, NO_COLOR: "1" } }, (err) => {
      resolve({ wallMs: performance.now() - t0, code: err ? Number(err.code) : 0 });
    });
  });
}

const dir = await mkdtemp(join(tmpdir(), "meshcheck-bench-run-"));
const rows: string[] = [];
const walls: number[] = [];
/** Each check's own wall time (the report's durationMs), per run. */
const perCheck = new Map<string, number[]>();
/** Each check's verdicts over the runs, e.g. "pass×4 inconclusive×1": a slow check may be one that could not decide. */
const verdicts = new Map<string, string[]>();
try {
  for (let i = 0; i < runs; i++) {
    const out = join(dir, String(i));
    const { wallMs, code } = await once(out);
    const report = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
    const requests = report.checks.reduce((n, c) => n + c.requests, 0);
    walls.push(wallMs);
    for (const c of report.checks) {
      perCheck.set(c.id, [...(perCheck.get(c.id) ?? []), c.durationMs]);
      verdicts.set(c.id, [...(verdicts.get(c.id) ?? []), c.status]);
    }
    rows.push(`| ${i + 1} | ${(wallMs / 1000).toFixed(2)} | ${(report.durationMs / 1000).toFixed(2)} | ${report.checks.length} | ${requests} | ${code} |`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const tally = (xs: string[]): string => [...new Set(xs)].map((v) => `${v}×${xs.filter((x) => x === v).length}`).join(" ");
const s = (q: number) => (quantile(walls, q) / 1000).toFixed(2);
const md = `# Wall time of a full \`meshcheck run\` on the local mesh

Command: \`npx tsx bench/run/wall-time.ts --runs ${runs}\` (each run: \`node bin/meshcheck.js run --out DIR --no-history\`)
Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}

Wall time includes start-up (node and the compiled CLI), starting the local mesh, every check, writing the
report and its renderings, and stopping the mesh; "checks" is the report's own duration.

| run | wall s | checks s | checks | requests | exit |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Median ${s(0.5)} s (min ${s(0)} s, max ${s(1)} s) over ${runs} runs (goal ≤ 5 s: ${quantile(walls, 0.5) <= 5000 ? "met" : "**not met**"}).

Each check's wall time (the checks run one after another):

| check | median s | min s | max s | verdicts |
| --- | ---: | ---: | ---: | --- |
${[...perCheck].sort((a, b) => quantile(b[1], 0.5) - quantile(a[1], 0.5)).map(([id, ms]) => `| ${id} | ${(quantile(ms, 0.5) / 1000).toFixed(2)} | ${(Math.min(...ms) / 1000).toFixed(2)} | ${(Math.max(...ms) / 1000).toFixed(2)} | ${tally(verdicts.get(id) ?? [])} |`).join("\n")}

The canary check's request count varies run to run: the sequential test stops as soon as it
can decide.
`;
await mkdir(new URL("../results/", import.meta.url), { recursive: true });
await writeFile(new URL("../results/run.md", import.meta.url), md);
process.stdout.write(md);
