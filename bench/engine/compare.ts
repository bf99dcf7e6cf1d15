// Benchmark (not a test): our engine's direct sender vs autocannon vs wrk against one fast
// local server in a child process, same connections and duration, one after another.
//   npx tsx bench/engine/compare.ts [--connections 10] [--duration 3] [--rounds 10] [--target-workers N]
// The machine is shared and its load swings within seconds, so the tools run in many short
// rounds with a rotating order; each row is the tool's median round, and the ratios are the
// medians of the per-round ratios (each comparing runs seconds apart). The target serves from
// one process per core (node:cluster) so that it is less likely to be the limit; wrk's rate is
// the ceiling a C client reaches on the same target, and a bare undici loop is the floor under
// our engine (what undici and Node's sockets cost without meshcheck around them). Writes
// bench/results/engine.md.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runAutocannon, runOurs, runUndiciFloor, runWrk, type BenchRow, type BenchSpec } from "./tools.js";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "10" },
    duration: { type: "string", default: "3" },
    rounds: { type: "string", default: "10" },
    "target-workers": { type: "string", default: String(cpus().length) },
  },
});
const connections = Number(values.connections);
const durationSec = Number(values.duration);
const rounds = Number(values.rounds);
const targetWorkers = Number(values["target-workers"]);
if (!Number.isInteger(connections) || connections < 1 || !(durationSec > 0) || !Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(targetWorkers) || targetWorkers < 1) {
  process.stderr.write("compare: --connections, --rounds and --target-workers must be whole numbers >= 1 and --duration > 0 seconds\n");
  process.exit(2);
}

const serverFile = fileURLToPath(new URL("./target-server.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", serverFile, "--workers", String(targetWorkers)], { stdio: ["ignore", "pipe", "inherit"] });
try {
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`target server exited (${code})`)));
    child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const spec: BenchSpec = { url: `http://127.0.0.1:${port}/`, connections, durationSec };
  // Warm the server's JIT once so the first tool is not penalised, and our own process: its
  // first second runs undici's wasm parser and our hot path before they are optimised (a
  // first 2 s run measured a tenth of the steady rate on a busy machine).
  await runAutocannon({ ...spec, durationSec: 1 });
  const warmup = await runOurs({ ...spec, durationSec: 2 });

  const runners: [string, () => Promise<BenchRow | undefined>][] = [
    ["ours", () => runOurs(spec)],
    ["autocannon", () => runAutocannon(spec)],
    ["wrk", () => runWrk(spec)],
    ["undici", () => runUndiciFloor(spec)],
  ];
  const results = new Map<string, BenchRow[]>(runners.map(([k]) => [k, []]));
  const perRound = { autocannon: [] as number[], wrk: [] as number[], undici: [] as number[] };
  // Their CPU per request over ours, per round: above 1 means ours costs less per request.
  const cpuPerRound = { autocannon: [] as number[], wrk: [] as number[], undici: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const thisRound = new Map<string, BenchRow>();
    for (let i = 0; i < runners.length; i++) {
      const [key, run] = runners[(i + round) % runners.length]!;
      const row = await run();
      if (row === undefined) continue;
      results.get(key)!.push(row);
      thisRound.set(key, row);
      process.stderr.write(`round ${round + 1} ${row.tool}: ${row.requestsPerSec.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${cpuText(row.cpuUsPerRequest)} µs CPU/request\n`);
    }
    const ours = thisRound.get("ours")!;
    for (const peer of ["autocannon", "wrk", "undici"] as const) {
      const theirs = thisRound.get(peer);
      if (theirs !== undefined && theirs.requestsPerSec > 0) perRound[peer].push(ours.requestsPerSec / theirs.requestsPerSec);
      if (theirs?.cpuUsPerRequest !== undefined && ours.cpuUsPerRequest !== undefined) cpuPerRound[peer].push(theirs.cpuUsPerRequest / ours.cpuUsPerRequest);
    }
  }
  const medianOf = (xs: number[]): number | undefined => (xs.length === 0 ? undefined : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  const fmt = (x: number | undefined): string => (x === undefined ? "n/a" : x.toFixed(2));
  const median = (rs: BenchRow[]): BenchRow | undefined => [...rs].sort((a, b) => a.requestsPerSec - b.requestsPerSec)[Math.floor(rs.length / 2)];
  const all = (rs: BenchRow[]): string => rs.map((r) => r.requestsPerSec.toFixed(0)).join(", ");
  const oursRow = median(results.get("ours")!)!;
  const acRow = median(results.get("autocannon")!);
  const wrk = median(results.get("wrk")!);
  const floor = median(results.get("undici")!);
  if (wrk === undefined) process.stderr.write("note: wrk is not installed (apt-get install -y wrk); skipped\n");
  const keyed: [string, BenchRow | undefined][] = [
    ["ours", oursRow],
    ["autocannon", acRow],
    ["wrk", wrk],
    ["undici", floor],
  ];
  const rows = keyed.filter((e): e is [string, BenchRow] => e[1] !== undefined);
  const ours = oursRow.requestsPerSec;
  const ratio = (r: BenchRow | undefined): string => (r ? (ours / r.requestsPerSec).toFixed(2) : "n/a");
  const goal = (x: number | undefined, want: number): string => (x === undefined ? "not measured" : x >= want ? `goal ≥ ${want}: met` : `goal ≥ ${want}: **not met**`);
  const medianCpu = (rs: BenchRow[]): string => cpuText(medianOf(rs.flatMap((r) => (r.cpuUsPerRequest === undefined ? [] : [r.cpuUsPerRequest]))));
  const acPerRound = medianOf(perRound.autocannon);
  const wrkPerRound = medianOf(perRound.wrk);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const md = [
    "# Engine benchmark",
    "",
    `Command: \`npx tsx bench/engine/compare.ts --connections ${connections} --duration ${durationSec} --rounds ${rounds}${values["target-workers"] === String(cpus().length) ? "" : ` --target-workers ${targetWorkers}`}\``,
    "",
    `Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpu}) · node ${process.version} · load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} at the end (the machine is shared: other work ran throughout)`,
    "",
    `Target: node http, ${targetWorkers} process${targetWorkers === 1 ? "" : "es (node:cluster)"}, 200 with a 2-byte body, keep-alive; ${connections} connections, ${durationSec} s per tool, one tool at a time, ${rounds} rounds with a rotating order (a 1 s autocannon warm-up, then a 2 s warm-up of our engine in this process, first: ${warmup.requestsPerSec.toFixed(0)} req/s); each row is the tool's median round. Every tool is a single thread (autocannon without --workers, wrk -t1, our engine's one event loop). The undici floor row is undici's Agent with the same connections and a handler that only counts and times, in this process: what our engine would cost with nothing of meshcheck's around undici. The load generators share the cores with the target and with whatever else runs on the machine, so rates vary between rounds; all rounds are listed below. Latency: our engine and wrk report µs resolution, autocannon whole milliseconds.`,
    "",
    "| tool | requests/s | p50 ms | p99 ms | requests | errors | CPU µs/request (median round) |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(([k, r]) => `| ${r.tool} | ${r.requestsPerSec.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.requests} | ${r.errors} | ${medianCpu(results.get(k)!)} |`),
    "",
    "CPU µs/request is the generator's own CPU time (user + system) during the run over the requests it completed: our engine and autocannon measured inside their processes around the run only (start-up excluded), wrk from its process's rusage (start-up included: a few ms of C). It moves much less with the machine's load than requests/s does, and where the generator and the target share the cores it decides the rate: every µs the generator spends per request is taken from the target.",
    "",
    `Ratios, median of the per-round ratios: **ours/autocannon = ${fmt(acPerRound)}** (${goal(acPerRound, 1.0)}), **ours/wrk = ${fmt(wrkPerRound)}** (${goal(wrkPerRound, 0.9)}).`,
    "",
    `Ratios of the median rows above: ours/autocannon = ${ratio(acRow)}, ours/wrk = ${ratio(wrk)}.`,
    "",
    `CPU per request, median of the per-round ratios theirs/ours (above 1: ours costs less): autocannon/ours = ${fmt(medianOf(cpuPerRound.autocannon))}, wrk/ours = ${fmt(medianOf(cpuPerRound.wrk))}, undici floor/ours = ${fmt(medianOf(cpuPerRound.undici))} (the share of our CPU per request that undici and Node's sockets take on their own); requests/s ours/undici floor = ${fmt(medianOf(perRound.undici))}.`,
    "",
    `Per-round ratios ours/autocannon: ${perRound.autocannon.map((x) => x.toFixed(2)).join(", ")}; ours/wrk: ${perRound.wrk.map((x) => x.toFixed(2)).join(", ") || "n/a"}.`,
    "",
    "All rounds (requests/s):",
    "",
    ...[...results].filter(([, rs]) => rs.length > 0).map(([k, rs]) => `- ${k}: ${all(rs)}`),
    "",
    "All rounds (CPU µs/request):",
    "",
    ...[...results].filter(([, rs]) => rs.length > 0).map(([k, rs]) => `- ${k}: ${rs.map((r) => cpuText(r.cpuUsPerRequest)).join(", ")}`),
    "",
  ].join("\n");
  await writeFile(new URL("../results/engine.md", import.meta.url), md);
  process.stdout.write(md);
} finally {
  child.kill("SIGTERM");
}

function cpuText(us: number | undefined): string {
  return us === undefined ? "n/a" : us.toFixed(1);
}
