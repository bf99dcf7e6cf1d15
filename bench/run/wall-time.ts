// Benchmark: wall time of a full `meshcheck run` against the local mesh, as a user runs it
// (a fresh node process: start-up, mesh start, every check, reports, mesh stop), at each
// --concurrency given, interleaved (run 1 at each, then run 2 at each, …) so the load the
// machine carries from other work falls on every setting alike.
//
// Run: npx tsx bench/run/wall-time.ts [--runs 5] [--concurrency 1,4]     → bench/results/run.md

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { quantile } from "simple-statistics";
import type { RunReport } from "../../harness/report/types.js";
import { checkTimeMs } from "../../harness/report/check-time.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, concurrency: { type: "string", default: "1,4" } } });
const runs = Number(values.runs);
const settings = values.concurrency.split(",").map(Number);
if (!(runs >= 1) || settings.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--runs N (≥ 1) and --concurrency N[,N…] (whole numbers ≥ 1)");
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

function once(out: string, concurrency: number): Promise<{ wallMs: number; code: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, "run", "--out", out, "--no-history", "--concurrency", String(concurrency)], { env: { ...process.env, NO_COLOR: "1" } }, (err) => {
      resolve({ wallMs: performance.now() - t0, code: err ? Number(err.code) : 0 });
    });
  });
}

interface Setting {
  walls: number[];
  checkTimes: number[];
  /** Each check's own wall time (the report's durationMs), per run. */
  perCheck: Map<string, number[]>;
  /** Each check's verdicts over the runs: a fast check may be one that could not decide. */
  verdicts: Map<string, string[]>;
}
const by = new Map<number, Setting>(settings.map((c) => [c, { walls: [], checkTimes: [], perCheck: new Map(), verdicts: new Map() }]));
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => m.set(k, [...(m.get(k) ?? []), v]);

const dir = await mkdtemp(join(tmpdir(), "meshcheck-bench-run-"));
const rows: string[] = [];
const loads: number[] = [loadavg()[0]!];
try {
  for (let i = 0; i < runs; i++) {
    for (const c of settings) {
      const out = join(dir, `${i}-${c}`);
      const { wallMs, code } = await once(out, c);
      loads.push(loadavg()[0]!);
      const report = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
      const requests = report.checks.reduce((n, r) => n + r.requests, 0);
      const s = by.get(c)!;
      s.walls.push(wallMs);
      s.checkTimes.push(checkTimeMs(report));
      for (const r of report.checks) {
        push(s.perCheck, r.id, r.durationMs);
        push(s.verdicts, r.id, r.status);
      }
      const sec = (ms: number) => (ms / 1000).toFixed(2);
      rows.push(`| ${i + 1} | ${c} | ${sec(wallMs)} | ${sec(report.durationMs)} | ${sec(checkTimeMs(report))} | ${report.checks.length} | ${requests} | ${code} |`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const tally = (xs: string[]): string => [...new Set(xs)].map((v) => `${v}×${xs.filter((x) => x === v).length}`).join(" ");
const med = (xs: number[]) => quantile(xs, 0.5);
const sec = (ms: number) => (ms / 1000).toFixed(2);
const base = by.get(settings[0]!)!;
const summary = settings.map((c) => {
  const s = by.get(c)!;
  const ratio = c === settings[0] ? "1" : (med(s.walls) / med(base.walls)).toFixed(2);
  return `| ${c} | ${sec(med(s.walls))} | ${sec(Math.min(...s.walls))} | ${sec(Math.max(...s.walls))} | ${sec(med(s.checkTimes))} | ${ratio} | ${med(s.walls) <= 5000 ? "met" : "**not met**"} |`;
});
const ids = [...new Set(settings.flatMap((c) => [...by.get(c)!.perCheck.keys()]))].sort((a, b) => med(base.perCheck.get(b) ?? [0]) - med(base.perCheck.get(a) ?? [0]));
const perCheck = ids.map((id) => `| ${id} | ${settings.map((c) => sec(med(by.get(c)!.perCheck.get(id) ?? [0]))).join(" | ")} | ${settings.map((c) => tally(by.get(c)!.verdicts.get(id) ?? [])).join(" | ")} |`);
const md = `# Wall time of a full \`meshcheck run\` on the local mesh

Command: \`npx tsx bench/run/wall-time.ts --runs ${runs} --concurrency ${settings.join(",")}\` (each run: \`node bin/meshcheck.js run --out DIR --no-history --concurrency N\`, the settings interleaved)
Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version} · 1-minute load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} over the runs (other work shares the machine)

Wall time includes start-up (node and the compiled CLI), starting the local mesh, every check, writing the
report and its renderings, and stopping the mesh; "checks s" is the report's own duration and
"check time s" the sum of its checks' own times (larger than "checks s" when checks ran at once).

| run | concurrency | wall s | checks s | check time s | checks | requests | exit |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

By concurrency (medians over ${runs} runs; "wall ratio" is the median wall time over that of concurrency ${settings[0]}):

| concurrency | wall s | min s | max s | check time s | wall ratio | goal ≤ 5 s |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${summary.join("\n")}

Each check's own wall time (median s) and verdicts, by concurrency. Checks running beside others
take longer each (they share two cores) while the run as a whole takes less.

| check | ${settings.map((c) => `s at ${c}`).join(" | ")} | ${settings.map((c) => `verdicts at ${c}`).join(" | ")} |
| --- | ${settings.map(() => "---:").join(" | ")} | ${settings.map(() => "---").join(" | ")} |
${perCheck.join("\n")}

The canary check's request count varies run to run: the sequential test stops as soon as it
can decide.
`;
await mkdir(new URL("../results/", import.meta.url), { recursive: true });
await writeFile(new URL("../results/run.md", import.meta.url), md);
process.stdout.write(md);
