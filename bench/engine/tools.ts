// One runner per load generator, each returning the same row: requests/s and latency p50/p99.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { runTraffic } from "../../harness/traffic/engine.js";
import { createDirectSender } from "../../harness/traffic/direct-sender.js";

export interface BenchRow {
  tool: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

export interface BenchSpec {
  url: string;
  connections: number;
  durationSec: number;
}

export async function runOurs(spec: BenchSpec): Promise<BenchRow> {
  const sender = createDirectSender({ timeoutMs: 10_000, connections: spec.connections, capture: { headers: false, body: false } });
  try {
    const stats = await runTraffic({
      sender,
      request: { url: spec.url, method: "GET", headers: {} },
      concurrency: spec.connections,
      maxRequests: Infinity,
      durationMs: spec.durationSec * 1000,
      timeoutMs: 10_000,
    });
    return { tool: "meshcheck engine", requestsPerSec: stats.requestsPerSec, p50Ms: stats.latency.p50Ms, p99Ms: stats.latency.p99Ms, requests: stats.requests, errors: stats.errors + stats.byStatusClass["5xx"] };
  } finally {
    await sender.close();
  }
}

const AUTOCANNON = fileURLToPath(new URL("../../node_modules/autocannon/autocannon.js", import.meta.url));

interface AutocannonJson {
  requests: { total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/**
 * autocannon's own command in its own process, one worker (its default), like wrk: run in
 * this process it left work behind that slowed whatever ran next here (our engine measured
 * right after it fell to a tenth of its rate).
 */
export async function runAutocannon(spec: BenchSpec): Promise<BenchRow> {
  const { stdout } = await promisify(execFile)(process.execPath, [AUTOCANNON, "--json", "-c", String(spec.connections), "-d", String(spec.durationSec), spec.url], { maxBuffer: 16 << 20 });
  const r = JSON.parse(stdout) as AutocannonJson;
  return { tool: "autocannon 9", requestsPerSec: r.requests.total / spec.durationSec, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total, errors: r.errors + r.non2xx };
}

/** wrk from Debian, one thread (like the single-threaded Node generators); undefined when absent. */
export async function runWrk(spec: BenchSpec): Promise<BenchRow | undefined> {
  let out: string;
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
  const requests = num(/(\d+) requests in/);
  return { tool: "wrk 4.1 (-t1)", requestsPerSec: num(/Requests\/sec:\s+([\d.]+)/), p50Ms: ms(/50%\s+([\d.]+)(us|ms|s)/), p99Ms: ms(/99%\s+([\d.]+)(us|ms|s)/), requests, errors: num(/Non-2xx or 3xx responses: (\d+)/) || 0 };
}
