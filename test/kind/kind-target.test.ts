// The kind driver's live half, against a stand-in API server (fake-kube-api.ts; no cluster
// here, so what a real cluster does is not claimed): it uses only the kind context, reads the
// forwarder Deployments, port-forwards on 127.0.0.1 through client-node to a ready pod of each,
// builds the profile at the forwarded addresses and stops every tunnel; an unreachable, silent
// or incomplete cluster is exit 3 in one line.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKind } from "../../harness/targets/kind.js";
import { kindPlan } from "../../harness/targets/kind-plan.js";
import { CannotTestError } from "../../harness/errors.js";
import { createTestPki, type TestPki } from "../traffic/certs.js";
import { startFakeKubeApi, startSilentServer, writeKubeconfig, type FakeKubeApi } from "./fake-kube-api.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const plan = kindPlan(KIND, "meshcheck");
/** This host's first non-loopback IPv4 address, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === "IPv4")?.address;

/** GET through a forwarded URL: the body, or the socket error's code. */
function get(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
      res.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    req.end();
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The "container" behind a forwarder's admin port: says which pod answered and what it was asked. */
async function backend(pod: string): Promise<Server> {
  const s = createServer((req, res) => res.end(JSON.stringify({ pod, path: req.url })));
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return s;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(condition(), `timed out waiting until ${what}`);
}

/** The stand-in Secret's token for a namespace. */
const tokenOf = (namespace: string) => `kind-token-${namespace}-0001`;

function oneLineExit3(err: unknown, pattern: RegExp): boolean {
  assert.ok(err instanceof CannotTestError, String(err));
  assert.equal(err.exitCode, 3);
  assert.ok(!err.message.includes("\n"), err.message);
  assert.match(err.message, pattern);
  return true;
}

describe("kind target, against a stand-in Kubernetes API server", function () {
  this.timeout(30_000);
  let pki: TestPki;
  let dir: string;
  let api: FakeKubeApi;
  let backends: Server[];
  const savedKubeconfig = process.env.KUBECONFIG;

  before(async () => {
    pki = await createTestPki();
  });
  after(async () => {
    await pki.dispose();
  });

  /** The kubeconfig's default context points elsewhere (a dead port): only kind-meshcheck may be used. */
  async function useKubeconfig(contexts: Record<string, string>): Promise<void> {
    const elsewhere = `https://127.0.0.1:${await closedPort()}`;
    process.env.KUBECONFIG = writeKubeconfig(dir, pki, { ...contexts, "kind-elsewhere": elsewhere }, "kind-elsewhere");
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-kubeconfig-"));
    api = await startFakeKubeApi(pki);
    backends = [];
    for (const f of plan.forwarders) {
      const live = `${f.deployment}-7c9d-live`;
      const server = await backend(live);
      backends.push(server);
      api.deployments.push({ namespace: f.namespace, name: f.deployment, replicas: 1, readyReplicas: 1 });
      // Listed first, so a driver that ignores readiness or the selector picks a pod it cannot use.
      api.pods.push({ namespace: f.namespace, name: `${f.deployment}-other`, labels: { app: "not-this-one" }, running: true, ports: {} });
      api.pods.push({ namespace: f.namespace, name: `${f.deployment}-pending`, labels: f.matchLabels, running: false, ports: {} });
      api.pods.push({ namespace: f.namespace, name: live, labels: f.matchLabels, running: true, ports: { [f.adminPort]: (server.address() as AddressInfo).port } });
      // make cluster's Secret: one random token per namespace (here a readable stand-in).
      if (!api.secrets.some((s) => s.namespace === f.namespace)) {
        api.secrets.push({ namespace: f.namespace, name: f.tokenSecret.name, data: { [f.tokenSecret.key]: tokenOf(f.namespace) } });
      }
    }
    // The gateways Istio deployed for the Gateway API Gateways (make cluster waits for them).
    for (const g of plan.gatewayApi) api.deployments.push({ namespace: g.namespace, name: g.deployment, replicas: 1, readyReplicas: 1 });
    await useKubeconfig({ "kind-meshcheck": api.url });
  });
  afterEach(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await api.close();
    await Promise.all(backends.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  it("port-forwards each forwarder on 127.0.0.1 to a ready pod of its Deployment, and stop closes every tunnel", async () => {
    const kind = await startKind(KIND, "meshcheck");
    let stopped = false;
    try {
      assert.equal(kind.profile.canary?.[0]?.url, "http://127.0.0.1:18080/");
      const forwarders = Object.entries(kind.profile.vantages).flatMap(([n, v]) => (v.kind === "forwarder" ? [[n, v.url] as const] : []));
      assert.deepEqual(forwarders.map(([n]) => n).sort(), ["intruder", "outsider", "workshop-app"]);
      for (const [name, url] of forwarders) {
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/forward$/);
        const f = plan.forwarders.find((x) => x.name === name);
        // The token its pods' ADMIN_TOKEN comes from, read from the Secret in its own namespace.
        assert.equal((kind.profile.vantages[name] as { token?: string }).token, tokenOf(f?.namespace ?? ""));
        assert.ok(api.requests.includes(`GET /api/v1/namespaces/${f?.namespace}/secrets/meshcheck-admin`), api.requests.join("\n"));
        assert.deepEqual(JSON.parse(await get(url)), { pod: `${f?.deployment}-7c9d-live`, path: "/forward" });
        // Loopback only: the forwarders act with mesh identities and must not be reachable from the network.
        if (external) assert.equal(await get(url.replace("127.0.0.1", external)), "ECONNREFUSED");
      }
      for (const f of plan.forwarders) {
        assert.ok(api.requests.includes(`GET /apis/apps/v1/namespaces/${f.namespace}/deployments/${f.deployment}`), api.requests.join("\n"));
        assert.ok(api.requests.some((r) => r.startsWith(`UPGRADE /api/v1/namespaces/${f.namespace}/pods/${f.deployment}-7c9d-live/portforward?ports=${f.adminPort}`)));
      }

      // A connection held open across stop() is cut, and so is its tunnel.
      await until(() => api.openTunnels() === 0, "the finished requests' tunnels close");
      const held = connect(Number(new URL(forwarders[0]?.[1] ?? "").port), "127.0.0.1");
      held.on("error", () => {});
      const heldClosed = new Promise<void>((resolve) => held.once("close", () => resolve()));
      await new Promise<void>((resolve) => held.once("connect", () => resolve()));
      await until(() => api.openTunnels() === 1, "the held connection's tunnel opens");
      await kind.stop();
      stopped = true;
      await heldClosed;
      await until(() => api.openTunnels() === 0, "stop closes the held connection's tunnel");
      for (const [, url] of forwarders) assert.equal(await get(url), "ECONNREFUSED");
    } finally {
      if (!stopped) await kind.stop();
    }
  });

  it("a tunnel that fails resets only its connection; the next one finds the Deployment's new pod", async () => {
    const kind = await startKind(KIND, "meshcheck");
    try {
      const f = plan.forwarders[0];
      assert.ok(f);
      const url = kind.profile.vantages[f.name];
      assert.ok(url?.kind === "forwarder");
      // The pod was replaced (a rollout restart): its old name is gone, a new one serves.
      const live = api.pods.find((p) => p.name === `${f.deployment}-7c9d-live`);
      assert.ok(live);
      live.name = `${f.deployment}-8e1f-new`;
      assert.equal(await get(url.url), "ECONNRESET");
      assert.deepEqual(JSON.parse(await get(url.url)), { pod: `${f.deployment}-7c9d-live`, path: "/forward" });
      assert.ok(api.requests.some((r) => r.startsWith(`UPGRADE /api/v1/namespaces/${f.namespace}/pods/${f.deployment}-8e1f-new/portforward`)));
    } finally {
      await kind.stop();
    }
  });

  it("the kubelet's error on a tunnel (nothing listens on the port) resets that connection, and the pod is looked up again", async () => {
    const kind = await startKind(KIND, "meshcheck");
    try {
      const f = plan.forwarders[0];
      assert.ok(f);
      const v = kind.profile.vantages[f.name];
      assert.ok(v?.kind === "forwarder");
      const live = api.pods.find((p) => p.name === `${f.deployment}-7c9d-live`);
      assert.ok(live);
      const ports = live.ports;
      live.ports = {};
      const lists = () => api.requests.filter((r) => r.startsWith(`GET /api/v1/namespaces/${f.namespace}/pods?`)).length;
      const before = lists();
      assert.equal(await get(v.url), "ECONNRESET");
      live.ports = ports;
      assert.deepEqual(JSON.parse(await get(v.url)), { pod: live.name, path: "/forward" });
      assert.equal(lists(), before + 1);
    } finally {
      await kind.stop();
    }
  });

  it("a port-forward the API server never opens: that connection is reset after the timeout", async () => {
    const kind = await startKind(KIND, "meshcheck", { timeoutMs: 300 });
    try {
      const v = kind.profile.vantages[plan.forwarders[0]?.name ?? ""];
      assert.ok(v?.kind === "forwarder");
      api.stallPortForward = true;
      const started = Date.now();
      assert.equal(await get(v.url), "ECONNRESET");
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await kind.stop();
    }
  });

  it("no kubeconfig context for the cluster: exit 3, one line, and the API server is not asked anything", async () => {
    await assert.rejects(startKind(KIND, "other"), (err) => oneLineExit3(err, /^--target kind: no kubeconfig context kind-other; run make cluster/));
    assert.deepEqual(api.requests, []);
  });

  it("an empty kubeconfig (or one of comments only): exit 3, one line naming the file, as if it had no contexts", async () => {
    const saved = process.env.KUBECONFIG;
    const dir = mkdtempSync(join(tmpdir(), "meshcheck-kc-"));
    try {
      for (const text of ["", "# nothing yet\n\n"]) {
        const file = join(dir, "config");
        writeFileSync(file, text);
        process.env.KUBECONFIG = file;
        await assert.rejects(startKind(KIND, "meshcheck"), (err) => oneLineExit3(err, new RegExp(`^--target kind: the kubeconfig ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is empty: no kubeconfig context kind-meshcheck; run make cluster`)));
      }
      assert.deepEqual(api.requests, []);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an unreachable API server: exit 3, one line naming the context and its address", async () => {
    const port = await closedPort();
    await useKubeconfig({ "kind-meshcheck": `https://127.0.0.1:${port}` });
    await assert.rejects(startKind(KIND, "meshcheck"), (err) =>
      oneLineExit3(err, new RegExp(`^--target kind: cannot reach cluster kind-meshcheck \\(https://127\\.0\\.0\\.1:${port}\\): ECONNREFUSED; is it running\\? \\(make cluster\\)$`)),
    );
  });

  it("an API server that never answers: the call is abandoned after the timeout, exit 3", async () => {
    const silent = await startSilentServer();
    try {
      await useKubeconfig({ "kind-meshcheck": silent.url });
      const started = Date.now();
      await assert.rejects(startKind(KIND, "meshcheck", { timeoutMs: 300 }), (err) =>
        oneLineExit3(err, /^--target kind: cluster kind-meshcheck \(https:\/\/127\.0\.0\.1:\d+\) did not answer within 0\.3s reading Deployment workshop-app\/workshop-app-v1/),
      );
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await silent.close();
    }
  });

  it("a forwarder Deployment missing from the cluster: exit 3 naming it", async () => {
    api.deployments.splice(api.deployments.findIndex((d) => d.name === "intruder"), 1);
    await assert.rejects(startKind(KIND, "meshcheck"), (err) => oneLineExit3(err, /^--target kind: Deployment workshop-app\/intruder is not in cluster kind-meshcheck; run make cluster$/));
  });

  it("the gateway Istio deploys for the Gateway API Gateway missing, or not ready: exit 3 naming Istio's Deployment for it", async () => {
    assert.deepEqual(plan.gatewayApi.map((g) => `${g.namespace}/${g.deployment}`), ["workshop-app/workshop-gateway-api-istio"]);
    const d = api.deployments.find((x) => x.name === "workshop-gateway-api-istio");
    assert.ok(d);
    // A driver that skipped the check would start: stop it, so the failure is an assertion, not a hang.
    const start = async () => (await startKind(KIND, "meshcheck")).stop();
    d.readyReplicas = 0;
    await assert.rejects(start(), (err) => oneLineExit3(err, /^--target kind: Deployment workshop-app\/workshop-gateway-api-istio has no ready pod \(0 of 1 ready\)/));
    api.deployments.splice(api.deployments.indexOf(d), 1);
    await assert.rejects(start(), (err) => oneLineExit3(err, /^--target kind: Deployment workshop-app\/workshop-gateway-api-istio is not in cluster kind-meshcheck; run make cluster$/));
    assert.ok(!api.requests.some((r) => r.startsWith("UPGRADE")), "no port-forward is opened before the gateway is found ready");
  });

  it("the forwarders' Secret missing from the cluster: exit 3 naming it, no tunnel opened", async () => {
    api.secrets.splice(api.secrets.findIndex((s) => s.namespace === "outside"), 1);
    await assert.rejects(startKind(KIND, "meshcheck"), (err) => oneLineExit3(err, /^--target kind: Secret outside\/meshcheck-admin is not in cluster kind-meshcheck; run make cluster$/));
    assert.ok(!api.requests.some((r) => r.startsWith("UPGRADE")), "no port-forward is opened before every token is read");
  });

  it("a Secret without the token key, or with a token the echo would refuse: exit 3 naming it, never the value", async () => {
    const s = api.secrets.find((x) => x.namespace === "workshop-app");
    assert.ok(s);
    s.data = { other: "x" };
    await assert.rejects(startKind(KIND, "meshcheck"), (err) => oneLineExit3(err, /^--target kind: Secret workshop-app\/meshcheck-admin has no key "token"; run make cluster to create it$/));
    s.data = { token: "short-secret" };
    await assert.rejects(startKind(KIND, "meshcheck"), (err) => oneLineExit3(err, /^--target kind: Secret workshop-app\/meshcheck-admin key "token" is not a usable token: it must be 16\.\.512 characters .*\(got 12 characters\); run make cluster/) && !String((err as Error).message).includes("short-secret"));
  });

  it("a forwarder Deployment with no ready replica: exit 3 naming it and where to look", async () => {
    const d = api.deployments.find((x) => x.name === "outsider");
    assert.ok(d);
    d.readyReplicas = 0;
    await assert.rejects(startKind(KIND, "meshcheck"), (err) =>
      oneLineExit3(err, /^--target kind: Deployment outside\/outsider has no ready pod \(0 of 1 ready\); see kubectl --context kind-meshcheck -n outside get pods$/),
    );
    assert.ok(!api.requests.some((r) => r.startsWith("UPGRADE")), "no port-forward is opened before every Deployment is ready");
  });

  it("meshcheck run --target kind with the cluster down: exit 3, one line, no stack trace", async () => {
    await useKubeconfig({ "kind-meshcheck": `https://127.0.0.1:${await closedPort()}` });
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, "run", "--target", "kind", "--out", join(dir, "run"), "--no-history"],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 },
        (err, _out, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
      );
    });
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("meshcheck: --target kind"));
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
    assert.match(lines[0] ?? "", /^meshcheck: --target kind: cannot reach cluster kind-meshcheck \(https:\/\/127\.0\.0\.1:\d+\): ECONNREFUSED/);
  });
});
