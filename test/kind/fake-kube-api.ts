// A stand-in Kubernetes API server for the kind driver's tests (no cluster or Docker here). It
// speaks what client-node 1.4 asks of a kind cluster and nothing more: HTTPS with a client
// certificate (as kind's kubeconfig has), GET and PATCH of a Deployment (fake-deployments.ts
// simulates the rollout a PATCH starts), GET of a Secret, a pod list filtered by labelSelector, and the pod
// port-forward websocket in the kubelet's v4.channel.k8s.io framing (binary frames, first byte
// the channel — 0 data, 1 error — and the first frame on each channel carrying the port as 2
// little-endian bytes). Tunnels go to real local servers.
import { createServer as createHttpsServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { TestPki } from "../traffic/certs.js";
import { deploymentJson, patchDeployment, PATCH_TYPES, type FakeDeployment, type FakePatch } from "./fake-deployments.js";

export type { FakeDeployment, FakePatch } from "./fake-deployments.js";

// `ws` is client-node's own dependency; the project has no @types/ws, so name the slice used.
interface WsSocket {
  protocol: string;
  send(data: Buffer): void;
  close(): void;
  terminate(): void;
  on(event: "message", listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: "close", listener: () => void): void;
  on(event: "error", listener: (err: Error) => void): void;
}
interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (ws: WsSocket) => void): void;
  close(): void;
}
const { WebSocketServer } = createRequire(import.meta.url)("ws") as {
  WebSocketServer: new (opts: { noServer: true; handleProtocols: (protocols: Set<string>) => string | false }) => WsServer;
};

const PROTOCOL = "v4.channel.k8s.io";

export interface FakePod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  running: boolean;
  /** containerPort → a port on 127.0.0.1 where the "container" listens. */
  ports: Record<number, number>;
}

/** A Secret as the API returns it: `data` values base64-encoded by the fake. */
export interface FakeSecret {
  namespace: string;
  name: string;
  data: Record<string, string>;
}

export interface FakeKubeApi {
  /** https://127.0.0.1:PORT */
  url: string;
  deployments: FakeDeployment[];
  secrets: FakeSecret[];
  pods: FakePod[];
  /** "METHOD path?query" of every request and upgrade, in order. */
  requests: string[];
  /** Every PATCH of a Deployment, in order. */
  patches: FakePatch[];
  /** Port-forward tunnels still open. */
  openTunnels(): number;
  /** When set, port-forward upgrades get no answer at all (a wedged API server). */
  stallPortForward: boolean;
  close(): Promise<void>;
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse, what: string): void {
  json(res, 404, { kind: "Status", apiVersion: "v1", status: "Failure", message: `${what} not found`, reason: "NotFound", code: 404 });
}

function podJson(p: FakePod): unknown {
  return {
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
    status: {
      phase: p.running ? "Running" : "Pending",
      conditions: [{ type: "Ready", status: p.running ? "True" : "False" }],
    },
  };
}

function matches(labels: Record<string, string>, selector: string): boolean {
  return selector
    .split(",")
    .filter(Boolean)
    .every((term) => {
      const [k, v] = term.split("=");
      return k !== undefined && labels[k] === v;
    });
}

function frame(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

function portBytes(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
}

export async function startFakeKubeApi(pki: TestPki): Promise<FakeKubeApi> {
  const deployments: FakeDeployment[] = [];
  const secrets: FakeSecret[] = [];
  const pods: FakePod[] = [];
  const requests: string[] = [];
  const patches: FakePatch[] = [];
  const tunnels = new Set<WsSocket>();
  const stalled = new Set<Duplex>();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false) });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? "/", "https://fake");
    let m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(url.pathname);
    if ((req.method === "GET" || req.method === "PATCH") && m) {
      const d = deployments.find((x) => x.namespace === m?.[1] && x.name === m[2]);
      // A client that gives up mid-body is no error of the fake's.
      if (req.method === "PATCH") return void onPatch(req, res, url.pathname, d).catch(() => res.destroy());
      if (!d) return notFound(res, `deployments.apps "${m[2]}"`);
      return json(res, 200, deploymentJson(d));
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && m) {
      const s = secrets.find((x) => x.namespace === m?.[1] && x.name === m[2]);
      if (!s) return notFound(res, `secrets "${m[2]}"`);
      const data = Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
      return json(res, 200, { apiVersion: "v1", kind: "Secret", metadata: { name: s.name, namespace: s.namespace }, type: "Opaque", data });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (req.method === "GET" && m) {
      const selector = url.searchParams.get("labelSelector") ?? "";
      const items = pods.filter((p) => p.namespace === m?.[1] && matches(p.labels, selector)).map(podJson);
      return json(res, 200, { apiVersion: "v1", kind: "PodList", metadata: {}, items });
    }
    json(res, 404, { kind: "Status", message: `fake API server: no route for ${req.method} ${url.pathname}`, code: 404 });
  };

  const onPatch = async (req: IncomingMessage, res: ServerResponse, path: string, d: FakeDeployment | undefined) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const contentType = req.headers["content-type"] ?? "";
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      return json(res, 400, { kind: "Status", message: "fake API server: the patch is not JSON", code: 400 });
    }
    patches.push({ path, contentType, body });
    if (!PATCH_TYPES.includes(contentType)) return json(res, 415, { kind: "Status", message: `fake API server: unsupported patch type ${contentType}`, code: 415 });
    if (!d) return notFound(res, `deployments.apps "${path.split("/").pop()}"`);
    const r = patchDeployment(d, body);
    if (r.code !== 200) return json(res, r.code, { kind: "Status", message: r.message, code: r.code });
    // A copy: the answer to the PATCH is not one of the reads the simulated rollout counts.
    json(res, 200, deploymentJson({ ...d }));
  };

  // The kubelet's side of a tunnel: announce the port on both channels, then pipe channel 0.
  const tunnel = (ws: WsSocket, pod: FakePod, port: number) => {
    tunnels.add(ws);
    ws.on("close", () => tunnels.delete(ws));
    ws.on("error", () => {});
    ws.send(frame(0, portBytes(port)));
    ws.send(frame(1, portBytes(port)));
    const target = pod.ports[port];
    if (target === undefined) {
      ws.send(frame(1, Buffer.from(`error forwarding port ${port} to pod ${pod.name}: dial tcp4 127.0.0.1:${port}: connect: connection refused`)));
      ws.close();
      return;
    }
    const upstream: Socket = connect(target, "127.0.0.1");
    upstream.on("data", (d: Buffer) => ws.send(frame(0, d)));
    upstream.on("error", () => {});
    upstream.on("close", () => ws.close());
    ws.on("message", (data) => {
      if (data[0] === 0) upstream.write(data.subarray(1));
    });
    ws.on("close", () => upstream.destroy());
  };

  const server: Server = createHttpsServer({ key: pki.server.key, cert: pki.server.cert, ca: pki.caPem, requestCert: true, rejectUnauthorized: true }, onRequest);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    requests.push(`UPGRADE ${req.url}`);
    if (fake.stallPortForward) {
      stalled.add(socket);
      socket.on("error", () => {});
      return;
    }
    const url = new URL(req.url ?? "/", "https://fake");
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    const pod = m ? pods.find((p) => p.namespace === m[1] && p.name === m[2]) : undefined;
    const port = Number(url.searchParams.get("ports"));
    if (!pod) {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => tunnel(ws, pod, port));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const fake: FakeKubeApi = {
    url: `https://127.0.0.1:${port}`,
    deployments,
    secrets,
    pods,
    requests,
    patches,
    openTunnels: () => tunnels.size,
    stallPortForward: false,
    close: async () => {
      for (const ws of tunnels) ws.terminate();
      for (const s of stalled) s.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/**
 * A kubeconfig like kind writes (CA and client certificate inline) with one context per entry;
 * `current` is the context kubectl would use by default.
 */
export function writeKubeconfig(dir: string, pki: TestPki, contexts: Record<string, string>, current: string): string {
  const names = Object.keys(contexts);
  const path = join(dir, "kubeconfig");
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  writeFileSync(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: names.map((name) => ({ name, cluster: { server: contexts[name], "certificate-authority-data": b64(pki.caPem) } })),
      users: names.map((name) => ({ name, user: { "client-certificate-data": b64(pki.client.cert), "client-key-data": b64(pki.client.key) } })),
      contexts: names.map((name) => ({ name, context: { cluster: name, user: name } })),
      "current-context": current,
    }),
    { mode: 0o600 },
  );
  return path;
}

/** An "API server" that accepts connections and never answers: for the call timeouts. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const silent = createNetServer((s) => {
    held.add(s);
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    },
  };
}
