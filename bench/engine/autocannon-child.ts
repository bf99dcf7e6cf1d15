// Runs autocannon (one worker, its default) in this process and prints one JSON line: its
// result and the CPU this process spent during the run only, so that autocannon's start-up is
// not charged to its requests. Run by tools.ts in a child process of its own: run inside the
// benchmark's process, autocannon left work behind that slowed whatever ran next there.
//   node --import tsx bench/engine/autocannon-child.ts URL CONNECTIONS SECONDS
import { createRequire } from "node:module";

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: { url: string; connections: number; duration: number }) => Promise<AutocannonResult>;

const [url, connections, seconds] = process.argv.slice(2);
if (url === undefined || !(Number(connections) >= 1) || !(Number(seconds) > 0)) {
  process.stderr.write("autocannon-child: usage: URL CONNECTIONS SECONDS\n");
  process.exit(2);
}
const before = process.cpuUsage();
const r = await autocannon({ url, connections: Number(connections), duration: Number(seconds) });
const cpu = process.cpuUsage(before);
process.stdout.write(`${JSON.stringify({ total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, cpuUs: cpu.user + cpu.system })}\n`);
