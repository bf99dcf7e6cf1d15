// A real Pushgateway and Prometheus for tests: Debian's binaries on free loopback ports, a
// temp dir for config and TSDB, and a stop() that kills both and removes the dir.
import { spawn, type ChildProcess } from "node:child_process";
import { access, constants, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";

export async function findBinary(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/bin", "/usr/local/bin"];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Polls until probe() returns a value, or fails after maxMs with what it last saw. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, maxMs = 30_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(200);
  }
}

export async function getText(url: string): Promise<{ status: number; text: string }> {
  const res = await request(url, { headersTimeout: 5000, bodyTimeout: 5000 });
  return { status: res.statusCode, text: await res.body.text() };
}

export interface PromStack {
  pushgatewayUrl: string;
  prometheusUrl: string;
  /** Instant query; returns the result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

function started(bin: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startPromStack(bins: { prometheus: string; pushgateway: string }): Promise<PromStack> {
  const dir = await mkdtemp(join(tmpdir(), "meshcheck-prom-"));
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(kill));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const pgPort = await freePort();
    const pushgatewayUrl = `http://127.0.0.1:${pgPort}`;
    children.push(started(bins.pushgateway, [`--web.listen-address=127.0.0.1:${pgPort}`], log));
    await until("the pushgateway to be ready", async () => ((await getText(`${pushgatewayUrl}/-/ready`)).status === 200 ? true : undefined));

    // honor_labels keeps the pushed job and target labels instead of the scrape's own.
    const config = join(dir, "prometheus.yml");
    await writeFile(
      config,
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n      - targets: ["127.0.0.1:${pgPort}"]\n`,
    );
    const promPort = await freePort();
    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    children.push(
      started(bins.prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"], log),
    );
    await until("prometheus to be ready", async () => ((await getText(`${prometheusUrl}/-/ready`)).status === 200 ? true : undefined));

    const query: PromStack["query"] = async (promql) => {
      const { status, text } = await getText(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      if (status !== 200) throw new Error(`query ${promql}: HTTP ${status}: ${text}`);
      const body = JSON.parse(text) as { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.data.resultType !== "vector") throw new Error(`query ${promql}: ${body.data.resultType}, not a vector`);
      return body.data.result;
    };
    return { pushgatewayUrl, prometheusUrl, query, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- process output ---\n${log.join("")}`);
  }
}
