// Benchmark (not a test): our engine's direct sender vs autocannon vs wrk against one fast
// local server in a child process, same connections and duration, one after another.
//   npx tsx bench/engine/compare.ts [--connections 10] [--duration 10] [--rounds 3]
// The machine is shared, so the tools run in rounds with a rotating order and each row is the
// round with the median rate. Writes bench/results/engine.md.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runAutocannon, runOurs, runWrk, type BenchRow, type BenchSpec } from "./tools.js";

const { values } = parseArgs({ options: { connections: { type: "string", default: "10" }, duration: { type: "string", default: "10" }, rounds: { type: "string", default: "3" } } });
const connections = Number(values.connections);
const durationSec = Number(values.duration);
const rounds = Number(values.rounds);
if (!Number.isInteger(connections) || connections < 1 || !(durationSec > 0) || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write("compare: --connections and --rounds must be whole numbers >= 1 and --duration > 0 seconds\n");
  process.exit(2);
}

const serverFile = fileURLToPath(new URL("./target-server.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", serverFile], { stdio: ["ignore", "pipe", "inherit"] });
try {
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`target server exited (${code})`)));
    child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const spec: BenchSpec = { url: `http://127.0.0.1:${port}/`, connections, durationSec };
  // Warm the server's JIT once so the first tool is not penalised.
  await runAutocannon({ ...spec, durationSec: 1 });

  const runners: [string, () => Promise<BenchRow | undefined>][] = [
    ["ours", () => runOurs(spec)],
    ["autocannon", () => runAutocannon(spec)],
    ["wrk", () => runWrk(spec)],
  ];
  const results = new Map<string, BenchRow[]>(runners.map(([k]) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < runners.length; i++) {
      const [key, run] = runners[(i + round) % runners.length]!;
      const row = await run();
      if (row === undefined) continue;
      results.get(key)!.push(row);
      process.stderr.write(`round ${round + 1} ${row.tool}: ${row.requestsPerSec.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms\n`);
    }
  }
  const median = (rs: BenchRow[]): BenchRow | undefined => [...rs].sort((a, b) => a.requestsPerSec - b.requestsPerSec)[Math.floor(rs.length / 2)];
  const all = (rs: BenchRow[]): string => rs.map((r) => r.requestsPerSec.toFixed(0)).join(", ");
  const oursRow = median(results.get("ours")!)!;
  const acRow = median(results.get("autocannon")!);
  const wrk = median(results.get("wrk")!);
  if (wrk === undefined) process.stderr.write("note: wrk is not installed (apt-get install -y wrk); skipped\n");
  const rows = [oursRow, acRow, wrk].filter((r): r is BenchRow => r !== undefined);
  const ours = oursRow.requestsPerSec;
  const ratio = (r: BenchRow | undefined): string => (r ? (ours / r.requestsPerSec).toFixed(2) : "n/a");
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const md = [
    "# Engine benchmark",
    "",
    `Command: \`npx tsx bench/engine/compare.ts --connections ${connections} --duration ${durationSec}\``,
    "",
    `Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpu}) · node ${process.version}`,
    "",
    `Target: node http in a child process, 200 with a 2-byte body, keep-alive; ${connections} connections, ${durationSec} s per tool, one tool at a time, ${rounds} rounds with a rotating order (a 1 s autocannon warm-up first); each row is the tool's median round. The load generators share the cores with the target and with whatever else runs on the machine, so rates vary between rounds; all rounds are listed below. Latency: our engine and wrk report µs resolution, autocannon whole milliseconds.`,
    "",
    "| tool | requests/s | p50 ms | p99 ms | requests | errors |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.tool} | ${r.requestsPerSec.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.requests} | ${r.errors} |`),
    "",
    `Ratios (requests/s): ours/autocannon = ${ratio(acRow)}, ours/wrk = ${ratio(wrk)}`,
    "",
    "All rounds (requests/s):",
    "",
    ...[...results].filter(([, rs]) => rs.length > 0).map(([k, rs]) => `- ${k}: ${all(rs)}`),
    "",
  ].join("\n");
  await writeFile(new URL("../results/engine.md", import.meta.url), md);
  process.stdout.write(md);
} finally {
  child.kill("SIGTERM");
}
