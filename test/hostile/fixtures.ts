// Hand-written target profiles pointing at the hostile servers, and a fake in-mesh vantage
// whose positive control always succeeds (so a check gets as far as the hostile part).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ForwardRequest, ForwardResponse } from "../../spec/echo/protocol.js";
import { loadProfile } from "../../harness/profile/load.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import type { Timing } from "../../harness/timing.js";

export const IDENTITY = "spiffe://cluster.local/ns/hostile/sa/caller";
/** The fake forwarder's admin secret, as a profile carries it (x-meshcheck-token). */
export const FORWARDER_TOKEN = "hostile-forwarder-token-0123";

/** Short enough to keep the suite quick, long enough that a loaded machine answers loopback in time. */
export const HOSTILE_TIMING: Timing = {
  requestTimeoutMs: 1_500,
  convergenceThreshold: 3,
  convergenceTimeoutMs: 4_000,
  pollIntervalMs: 50,
  unreachableAfterMs: 3_000,
};

export const HOSTILE_STATS = { alpha: 0.001, beta: 0.01, delta: 0.05, budget: 400 };

/** A forwarder that answers every forwarded request (with its token) 200 from echo v1 with the caller's SPIFFE ID. */
export async function fakeForwarder(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.headers["x-meshcheck-token"] !== FORWARDER_TOKEN) return void res.writeHead(401).end("token");
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const fr = JSON.parse(text) as ForwardRequest;
      const echo = { service: "workshop-app", version: "v1", pod: "v1-0", namespace: "hostile", method: fr.method ?? "GET", path: "/", query: {}, headers: {}, caller: { uri: IDENTITY, raw: `URI=${IDENTITY}` } };
      const reply: ForwardResponse = {
        from: { service: "caller", version: "v1", pod: "caller-0", namespace: "hostile" },
        outcomes: Array.from({ length: fr.count }, () => ({ ok: true as const, status: 200, headers: { "x-version": "v1" }, echo, durationMs: 1 })),
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/forward`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A profile testing `url` (the hostile server) with the checks that apply to any HTTP target:
 * mtls-strict (plaintext to it; control through the fake forwarder), canary-split, header-routing
 * and authz-policy.
 */
export function hostileProfile(url: string, forwarderUrl: string) {
  return {
    apiVersion: "meshcheck/v1",
    kind: "TargetProfile",
    name: "hostile",
    identify: { header: "x-version" },
    vantages: { outside: { kind: "direct" }, mesh: { kind: "forwarder", url: forwarderUrl, token: FORWARDER_TOKEN, identity: IDENTITY } },
    mtls: [{ name: "plaintext", plaintext: { url, vantage: "outside" }, control: { vantage: "mesh", url: "http://workshop-app.hostile:8080/" } }],
    canary: [{ name: "split", url, host: "canary.hostile", weights: { v1: 50, v2: 50 } }],
    routing: [{ name: "by-header", url, host: "routing.hostile", rules: [{ match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" }, { destination: "v1" }] }],
    authz: [{ name: "policy", url, allow: [{ vantage: "outside", methods: ["GET"] }], deny: [{ vantage: "outside", methods: ["DELETE"] }] }],
  };
}

/** Writes the profile to a file and loads it as `meshcheck run --target FILE` would. */
export async function profileFile(profile: object): Promise<{ file: string; profile: TargetProfile; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "meshcheck-hostile-"));
  const file = join(dir, "profile.json");
  await writeFile(file, JSON.stringify(profile, null, 2));
  return { file, profile: await loadProfile(file), dispose: () => rm(dir, { recursive: true, force: true }) };
}
