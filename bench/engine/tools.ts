// One runner per load generator, each returning the same row: requests/s, latency p50/p99 and
// the CPU the generator spent per request. The machine is shared, so requests/s swing with
// whatever else runs; CPU time per request is what a generator costs whatever the load, and on
// a machine where generator and target share the cores it is what decides how fast they can go.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { Agent, type Dispatcher } from "undici";
import { runTraffic } from "../../harness/traffic/engine.js";
import { createDirectSender } from "../../harness/traffic/direct-sender.js";
import { LatencyHistogram } from "../../harness/traffic/latency-histogram.js";

export interface BenchRow {
  tool: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** CPU time (user + system) of the generator during the run, per request; undefined when not measurable. */
  cpuUsPerRequest: number | undefined;
}

export interface BenchSpec {
  url: string;
  connections: number;
  durationSec: number;
}

export async function runOurs(spec: BenchSpec): Promise<BenchRow> {
  const sender = createDirectSender({ timeoutMs: 10_000, connections: spec.connections, capture: { headers: false, body: false } });
  try {
    const before = process.cpuUsage();
    const stats = await runTraffic({
      sender,
      request: { url: spec.url, method: "GET", headers: {} },
      concurrency: spec.connections,
      maxRequests: Infinity,
      durationMs: spec.durationSec * 1000,
      timeoutMs: 10_000,
    });
    const cpu = process.cpuUsage(before);
    return { tool: "meshcheck engine", requestsPerSec: stats.requestsPerSec, p50Ms: stats.latency.p50Ms, p99Ms: stats.latency.p99Ms, requests: stats.requests, errors: stats.errors + stats.byStatusClass["5xx"], cpuUsPerRequest: perRequest(cpu.user + cpu.system, stats.requests) };
  } finally {
    await sender.close();
  }
}

/**
 * The floor under our engine: undici's Agent, same connections, with a handler that only counts
 * and times, a closed loop per connection and nothing else (no deadline, outcome or stats). Its
 * CPU per request is what undici and Node's sockets cost; ours minus it is what meshcheck adds.
 */
export async function runUndiciFloor(spec: BenchSpec): Promise<BenchRow> {
  const url = new URL(spec.url);
  const agent = new Agent({ connections: spec.connections, pipelining: 1 });
  const opts: Dispatcher.DispatchOptions = { origin: url.origin, path: url.pathname, method: "GET", headers: {} };
  const latency = new LatencyHistogram();
  let requests = 0;
  let errors = 0;
  let stop = false;
  const one = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      let status = 0;
      agent.dispatch(opts, {
        // undici 7 takes a handler of the new API only when onRequestStart is present.
        onRequestStart: () => {},
        onResponseData: () => {},
        onResponseStart: (_c, code) => {
          status = code;
        },
        onResponseEnd: () => {
          latency.record(performance.now() - start);
          requests++;
          if (status >= 500) errors++;
          resolve();
        },
        onResponseError: () => {
          requests++;
          errors++;
          resolve();
        },
      });
    });
  const timer = setTimeout(() => (stop = true), spec.durationSec * 1000);
  const before = process.cpuUsage();
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: spec.connections }, async () => {
        while (!stop) await one();
      }),
    );
  } finally {
    clearTimeout(timer);
  }
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(before);
  await agent.destroy();
  const l = latency.summary();
  return { tool: "undici 7 floor (bare dispatch)", requestsPerSec: (requests * 1000) / elapsed, p50Ms: l.p50Ms, p99Ms: l.p99Ms, requests, errors, cpuUsPerRequest: perRequest(cpu.user + cpu.system, requests) };
}

const AUTOCANNON_CHILD = fileURLToPath(new URL("./autocannon-child.ts", import.meta.url));

interface AutocannonLine {
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpuUs: number;
}

/** autocannon in a child process of its own (autocannon-child.ts), one worker (its default), like wrk -t1. */
export async function runAutocannon(spec: BenchSpec): Promise<BenchRow> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", AUTOCANNON_CHILD, spec.url, String(spec.connections), String(spec.durationSec)], { maxBuffer: 16 << 20 });
  const r = JSON.parse(stdout) as AutocannonLine;
  return { tool: "autocannon 9", requestsPerSec: r.total / spec.durationSec, p50Ms: r.p50, p99Ms: r.p99, requests: r.total, errors: r.errors + r.non2xx, cpuUsPerRequest: perRequest(r.cpuUs, r.total) };
}

/** wrk from Debian, one thread (like the single-threaded Node generators); undefined when absent. */
export async function runWrk(spec: BenchSpec): Promise<BenchRow | undefined> {
  let out: string;
  const before = childrenCpuUs();
  try {
    ({ stdout: out } = await promisify(execFile)("wrk", ["-t1", `-c${spec.connections}`, `-d${spec.durationSec}s`, "--latency", spec.url]));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? NaN);
  const ms = (re: RegExp): number => {
    const m = re.exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  const after = childrenCpuUs();
  const requests = num(/(\d+) requests in/);
  const cpuUsPerRequest = before === undefined || after === undefined ? undefined : perRequest(after - before, requests);
  return { tool: "wrk 4.1 (-t1)", requestsPerSec: num(/Requests\/sec:\s+([\d.]+)/), p50Ms: ms(/50%\s+([\d.]+)(us|ms|s)/), p99Ms: ms(/99%\s+([\d.]+)(us|ms|s)/), requests, errors: num(/Non-2xx or 3xx responses: (\d+)/) || 0, cpuUsPerRequest };
}

function perRequest(cpuUs: number, requests: number): number | undefined {
  return requests > 0 ? cpuUs / requests : undefined;
}

let clockTicks: number | undefined;

/**
 * CPU time of this process's finished (waited-for) children in µs, from /proc/self/stat
 * (cutime + cstime, in clock ticks: 10 ms at the usual 100 Hz, about 1 % of a 3 s wrk run).
 * wrk's start-up is a few ms of C, so it is charged to its requests. Undefined off Linux.
 */
function childrenCpuUs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which is in parentheses and may hold spaces); cutime and
    // cstime are fields 16 and 17 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    return ((Number(fields[13]) + Number(fields[14])) * 1e6) / clockTicks;
  } catch {
    return undefined;
  }
}
