// Benchmark: what the local mesh's proxies add. The echo app is called directly and through
// the ingress gateway (gateway → mTLS → inbound sidecar → app), at the same fixed rate, then
// each path is driven closed-loop for its maximum rate. The mesh runs in a child process
// (`meshcheck mesh up`) so client and mesh do not share one event loop.
//
// Run: npx tsx bench/mesh/hops.ts [--rate 200,1000] [--seconds 10] [--connections 32]
// (--rate takes one fixed rate or several, comma-separated; each gets both paths.)
// Writes bench/results/mesh.md.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createSender } from "../../harness/traffic/senders.js";
import { runTraffic } from "../../harness/traffic/engine.js";
import type { TrafficStats } from "../../harness/traffic/stats.js";
import type { TrafficRequest } from "../../harness/traffic/request.js";

const { values } = parseArgs({ options: { rate: { type: "string", default: "200" }, seconds: { type: "string", default: "10" }, connections: { type: "string", default: "32" } } });
const rates = values.rate.split(",").map(Number);
if (rates.some((r) => !(r > 0))) {
  process.stderr.write(`hops: --rate ${values.rate}: one rate or several, comma-separated, each > 0\n`);
  process.exit(2);
}
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

async function startMesh(): Promise<{ addresses: Map<string, string>; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, "mesh", "up"], { stdio: ["ignore", "ignore", "pipe"] });
  const addresses = new Map<string, string>();
  const lines = createInterface({ input: child.stderr });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`mesh up exited ${code}`)));
    lines.on("line", (line) => {
      const m = /^(\S+)\s+(http:\/\/\S+)$/.exec(line);
      if (m) addresses.set(m[1]!, m[2]!);
      if (line.startsWith("local mesh up")) resolve();
    });
  });
  return {
    addresses,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function measure(request: TrafficRequest, mode: "rate" | "max", rate = 0): Promise<TrafficStats> {
  const sender = createSender({ kind: "direct" }, { timeoutMs: 5000, capture: { headers: false, body: false }, connections });
  try {
    // Warm up connections and the JIT before measuring.
    await runTraffic({ sender, request, concurrency: connections, maxRequests: 500, timeoutMs: 5000 });
    return await runTraffic({
      sender,
      request,
      concurrency: connections,
      maxRequests: Infinity,
      durationMs: seconds * 1000,
      timeoutMs: 5000,
      ...(mode === "rate" ? { ratePerSec: rate } : {}),
    });
  } finally {
    await sender.close();
  }
}

const mesh = await startMesh();
try {
  const app = mesh.addresses.get("workshop-app/workshop-app-prod/app");
  const gateway = mesh.addresses.get("gateway");
  if (!app || !gateway) throw new Error("mesh up did not print the prod app and gateway addresses");
  const direct: TrafficRequest = { url: `${app}/`, method: "GET", headers: {} };
  const viaGateway: TrafficRequest = { url: `${gateway}/`, method: "GET", headers: {}, host: "workshop-app.local" };

  const rows: string[] = [];
  const added: string[] = [];
  for (const rate of rates) {
    const fixed: Record<string, TrafficStats> = {};
    for (const [name, req] of [["app direct", direct], ["gateway → sidecar → app", viaGateway]] as const) {
      fixed[name] = await measure(req, "rate", rate);
      const s = fixed[name]!;
      rows.push(`| ${name} | fixed ${rate}/s | ${s.requests} | ${s.errors} | ${s.latency.p50Ms.toFixed(3)} | ${s.latency.p90Ms.toFixed(3)} | ${s.latency.p99Ms.toFixed(3)} | ${s.requestsPerSec.toFixed(0)} |`);
    }
    const d = fixed["app direct"]!.latency;
    const g = fixed["gateway → sidecar → app"]!.latency;
    const p90 = g.p90Ms - d.p90Ms;
    added.push(`- added by gateway + server sidecar at ${rate}/s: p50 ${(g.p50Ms - d.p50Ms).toFixed(3)} ms, **p90 ${p90.toFixed(3)} ms**, p99 ${(g.p99Ms - d.p99Ms).toFixed(3)} ms${rate === 1000 ? ` (goal ≤ 0.5 ms at p90: ${p90 <= 0.5 ? "met" : "**not met**"})` : ""}`);
  }
  let gatewayMax = 0;
  for (const [name, req] of [["app direct", direct], ["gateway → sidecar → app", viaGateway]] as const) {
    const s = await measure(req, "max");
    if (req === viaGateway) gatewayMax = s.requestsPerSec;
    rows.push(`| ${name} | closed loop, ${connections} in flight | ${s.requests} | ${s.errors} | ${s.latency.p50Ms.toFixed(3)} | ${s.latency.p90Ms.toFixed(3)} | ${s.latency.p99Ms.toFixed(3)} | ${s.requestsPerSec.toFixed(0)} |`);
  }
  added.push(`- gateway closed loop: **${gatewayMax.toFixed(0)} req/s** (goal ≥ 10,000: ${gatewayMax >= 10_000 ? "met" : "**not met**"})`);
  const md = `# Local mesh: latency added per hop, and max rate through the gateway

Command: \`npx tsx bench/mesh/hops.ts --rate ${values.rate} --seconds ${seconds} --connections ${connections}\`
Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (shared: other work ran throughout)
The mesh runs in a child process (\`meshcheck mesh up\`); the client is meshcheck's own traffic
engine (direct sender, keep-alive). Fixed-rate latencies are measured from the scheduled send time
(coordinated-omission corrected). The machine is shared: compare rows from one run only.

| path | load | requests | errors | p50 ms | p90 ms | p99 ms | req/s |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

${added.join("\n")}

Anchor: Istio 1.20 published 0.228 ms added at P90 by client + server Envoy sidecars at 1000 rps.
The local mesh is a Node.js stand-in for Envoy (one event loop for gateway, sidecars and apps, with
real TLS on every in-mesh hop); it exists to be correct and convenient, not to be as fast as Envoy,
and these numbers say how far it is from that anchor.
`;
  await mkdir(new URL("../results/", import.meta.url), { recursive: true });
  await writeFile(new URL("../results/mesh.md", import.meta.url), md);
  process.stdout.write(md);
} finally {
  await mesh.stop();
}
