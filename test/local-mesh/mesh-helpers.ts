// Talking to a running local mesh in tests: through its gateway, through a vantage's
// forwarder, and raw plaintext at a pod (to see a reset rather than an HTTP answer).
import { connect } from "node:net";
import { Client, request } from "undici";
import type { ForwardOutcome, ForwardResponse } from "../../spec/echo/protocol.js";
import type { LocalMesh } from "../../local-mesh/index.js";

export const V1_URL = "http://workshop-app-v1.workshop-app:8080/";

export async function viaGateway(mesh: LocalMesh, host: string, headers: Record<string, string> = {}) {
  const gw = mesh.addresses.gateway;
  if (!gw) throw new Error("mesh has no gateway address");
  const r = await request(`${gw}/`, { headers: { host, ...headers } });
  return { status: r.statusCode, version: r.headers["x-version"], body: await r.body.text() };
}

/** One request from a vantage's forwarder; its single outcome. */
export async function viaVantage(
  mesh: LocalMesh,
  vantage: string,
  url: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<ForwardOutcome> {
  const v = mesh.profile.vantages[vantage];
  if (!v || v.kind !== "forwarder") throw new Error(`no forwarder vantage ${vantage}`);
  const r = await request(v.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-meshcheck-token": v.token },
    body: JSON.stringify({ url, count: 1, timeoutMs: 5000, ...init }),
  });
  const body = (await r.body.json()) as ForwardResponse;
  if (r.statusCode !== 200 || !body.outcomes[0]) throw new Error(`forwarder answered ${r.statusCode}: ${JSON.stringify(body)}`);
  return body.outcomes[0];
}

/** Send plaintext HTTP to a port; resolve with what came back (bytes, or the socket error code). */
export function rawPlaintext(port: number): Promise<{ bytes: number; error?: string }> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    let bytes = 0;
    let error: string | undefined;
    s.on("connect", () => s.write("GET / HTTP/1.1\r\nHost: workshop-app-v1.workshop-app:8080\r\nConnection: close\r\n\r\n"));
    s.on("data", (d: Buffer) => (bytes += d.length));
    s.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    s.on("close", () => resolve(error ? { bytes, error } : { bytes }));
    s.setTimeout(5000, () => s.destroy(new Error("timeout")));
  });
}

/** Try to connect; resolves with the error code (ECONNREFUSED when nothing listens). */
export function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.on("connect", () => {
      s.destroy();
      resolve("connected");
    });
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

export const portOf = (origin: string | undefined): number => {
  if (!origin) throw new Error("no such address");
  return Number(new URL(origin).port);
};

/** Version counts of `n` gateway requests over ONE keep-alive connection (pipelined). */
export async function splitOverOneConnection(mesh: LocalMesh, host: string, n: number) {
  const client = new Client(mesh.addresses.gateway ?? "", { pipelining: 10 });
  let connects = 0;
  client.on("connect", () => connects++);
  const counts: Record<string, number> = {};
  try {
    for (let i = 0; i < n; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, async () => {
          const r = await client.request({ path: "/", method: "GET", headers: { host } });
          await r.body.dump();
          const v = String(r.headers["x-version"] ?? r.statusCode);
          counts[v] = (counts[v] ?? 0) + 1;
        }),
      );
    }
  } finally {
    await client.close();
  }
  return { counts, connects };
}

/** |observed − n·p| within k standard deviations of a binomial(n, p). */
export function withinSigma(observed: number, n: number, p: number, k = 5): boolean {
  return Math.abs(observed - n * p) <= k * Math.sqrt(n * p * (1 - p));
}
