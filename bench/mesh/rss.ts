// Benchmark: memory over a long `meshcheck load` run against the local mesh (traffic engine and
// mesh in one process, as a user runs it). The process's RSS is sampled from /proc every
// second; the run is flat when the last quarter's RSS is no higher than the second quarter's
// by more than the allowance below (the first quarter is warm-up: JIT, pools, TLS sessions).
//
// Run: npx tsx bench/mesh/rss.ts [--rate 2000] [--seconds 500]     → bench/results/rss.md
// (2000/s for 500 s is the issue's 1M requests.) Linux only (/proc).

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const { values } = parseArgs({ options: { rate: { type: "string", default: "2000" }, seconds: { type: "string", default: "500" } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const GOAL_MB = 200;
/** Growth from the second to the last quarter still called flat (GC timing moves RSS by this much). */
const FLAT_MB = 20;

async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined; // exited between samples
  }
}

const dir = await mkdtemp(join(tmpdir(), "meshcheck-bench-rss-"));
const out = join(dir, "load.json");
const samples: { t: number; mb: number }[] = [];
const t0 = performance.now();
const child = spawn(process.execPath, [BIN, "load", "--target", "local", "--rate", String(rate), "--duration", String(seconds), "--budget", "1", "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
const timer = setInterval(() => {
  void rssMb(child.pid!).then((mb) => {
    if (mb !== undefined) samples.push({ t: (performance.now() - t0) / 1000, mb });
  });
}, 1000);
const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
clearInterval(timer);
const summary = JSON.parse(await readFile(out, "utf8").catch(() => "{}")) as { requests?: number; achievedRate?: number; failed?: number };
await rm(dir, { recursive: true, force: true });

const quarter = (k: number): number[] => samples.filter((s) => s.t >= (k * seconds) / 4 && s.t < ((k + 1) * seconds) / 4).map((s) => s.mb);
const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const peak = Math.max(...samples.map((s) => s.mb));
const q = [0, 1, 2, 3].map((k) => mean(quarter(k)));
const growth = q[3]! - q[1]!;
const flat = growth <= FLAT_MB;
const mb = (x: number) => x.toFixed(0);
const md = `# Memory over a long load run on the local mesh

Command: \`npx tsx bench/mesh/rss.ts --rate ${rate} --seconds ${seconds}\` (the run: \`node bin/meshcheck.js load --target local --rate ${rate} --duration ${seconds} --budget 1 --out FILE\`)
Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared with other work)

One process holds the local mesh (gateway, sidecars, apps) and the traffic engine; its RSS is
read from /proc every second (${samples.length} samples). Exit ${code}; ${summary.requests ?? "?"} requests at ${summary.achievedRate?.toFixed(0) ?? "?"}/s achieved of ${rate}/s asked, ${summary.failed ?? "?"} failed.

| quarter of the run | mean RSS MB |
| --- | ---: |
${q.map((v, k) => `| ${k + 1} | ${mb(v)} |`).join("\n")}

Peak ${mb(peak)} MB (goal ≤ ${GOAL_MB} MB: ${peak <= GOAL_MB ? "met" : "**not met**"}); last quarter − second quarter = ${growth.toFixed(1)} MB (flat when ≤ ${FLAT_MB} MB: ${flat ? "flat" : "**growing**"}).
`;
await mkdir(new URL("../results/", import.meta.url), { recursive: true });
await writeFile(new URL("../results/rss.md", import.meta.url), md);
process.stdout.write(md);
