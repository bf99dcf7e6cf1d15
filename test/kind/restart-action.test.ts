// The disruption check's cluster restart (RestartAction kind "kubernetes"), against the stand-in
// API server (real TLS, client certificate; no cluster here, so what a real Deployment
// controller does is simulated, not claimed): it patches the pod template's restartedAt as
// kubectl rollout restart does, waits until the rollout is complete, and ends every failure —
// missing Deployment, stuck rollout, unreachable server, bad context, abort — in one line.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeRestart, performRestart, type RolloutTiming } from "../../harness/check-kit/restart-action.js";
import type { RestartAction } from "../../spec/profile/types.js";
import { createTestPki, type TestPki } from "../traffic/certs.js";
import { startFakeKubeApi, startSilentServer, writeKubeconfig, type FakeDeployment, type FakeKubeApi } from "./fake-kube-api.js";

const FAST: RolloutTiming = { timeoutMs: 5_000, callTimeoutMs: 2_000, pollMs: 20 };
const PATH = "/apis/apps/v1/namespaces/workshop-app/deployments/workshop-app-prod";

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function restart(deployment = "workshop-app-prod", context: string | undefined = "kind-meshcheck"): RestartAction {
  return { kind: "kubernetes", namespace: "workshop-app", deployment, ...(context !== undefined && { context }) };
}

function assertOneLine(detail: string): void {
  assert.ok(detail.length > 0 && !detail.includes("\n"), JSON.stringify(detail));
}

describe("disruption restart through the Kubernetes API, against a stand-in API server", function () {
  this.timeout(30_000);
  let pki: TestPki;
  let dir: string;
  let api: FakeKubeApi;
  let prod: FakeDeployment;
  const savedKubeconfig = process.env.KUBECONFIG;

  before(async () => {
    pki = await createTestPki();
  });
  after(async () => {
    await pki.dispose();
  });

  /** The kubeconfig's current context points at a dead port unless `current` says otherwise. */
  async function useKubeconfig(contexts: Record<string, string>, current = "kind-elsewhere"): Promise<void> {
    const elsewhere = `https://127.0.0.1:${await closedPort()}`;
    process.env.KUBECONFIG = writeKubeconfig(dir, pki, { ...contexts, "kind-elsewhere": elsewhere }, current);
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-kubeconfig-"));
    api = await startFakeKubeApi(pki);
    prod = { namespace: "workshop-app", name: "workshop-app-prod", replicas: 2, readyReplicas: 2, generation: 4 };
    api.deployments.push(prod);
    await useKubeconfig({ "kind-meshcheck": api.url });
  });
  afterEach(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("patches the pod template's restartedAt (strategic merge) in the given context and returns once the rollout is complete", async () => {
    const before = Date.now();
    const r = await performRestart(restart(), new AbortController().signal, FAST);
    assert.deepEqual(r, { ok: true, detail: "deployment workshop-app/workshop-app-prod rolled out (generation 5)" });
    assert.equal(api.patches.length, 1);
    const [patch] = api.patches;
    assert.equal(patch?.path, PATH);
    assert.equal(patch?.contentType, "application/strategic-merge-patch+json");
    const stamp = (patch?.body as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"];
    assert.match(stamp ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(stamp ?? "") >= before - 1 && Date.parse(stamp ?? "") <= Date.now(), stamp);
    // Reads 1 to 4 each fail one condition of "rolled out" (see fake-deployments.ts); read 5 is complete, and the last.
    assert.deepEqual(api.requests, [`PATCH ${PATH}`, ...Array<string>(5).fill(`GET ${PATH}`)]);
  });

  it("without a context, uses the kubeconfig's current one, as kubectl does", async () => {
    await useKubeconfig({ "kind-meshcheck": api.url }, "kind-meshcheck");
    const r = await performRestart(restart("workshop-app-prod", undefined), new AbortController().signal, FAST);
    assert.equal(r.ok, true, r.detail);
    assert.equal(api.patches.length, 1);
  });

  it("a Deployment that is not there: ok false, one line, and no waiting", async () => {
    const r = await performRestart(restart("nope"), new AbortController().signal, FAST);
    assert.equal(r.ok, false);
    assertOneLine(r.detail);
    assert.equal(r.detail, `deployment workshop-app/nope not found at ${api.url}`);
    assert.deepEqual(api.requests, ["PATCH /apis/apps/v1/namespaces/workshop-app/deployments/nope"]);
  });

  it("a rollout that never completes: ok false after the timeout, saying what is still pending", async () => {
    prod.rolloutReads = Infinity;
    // Stuck at the last stage from the first read: what is pending does not depend on how many
    // reads a loaded machine fits into the timeout.
    prod.startStage = 4;
    const started = Date.now();
    const r = await performRestart(restart(), new AbortController().signal, { ...FAST, timeoutMs: 1_000 });
    const took = Date.now() - started;
    assert.equal(r.ok, false);
    assertOneLine(r.detail);
    assert.equal(r.detail, "deployment workshop-app/workshop-app-prod not rolled out within 1s: 1 of 2 updated replicas available");
    assert.ok(took >= 1_000 && took < 10_000, `took ${took} ms`);
    assert.ok(api.requests.filter((q) => q.startsWith("GET")).length >= 2, api.requests.join("\n"));
  });

  it("a rollout the controller gave up on (progress deadline exceeded): ok false without waiting out the timeout", async () => {
    prod.rolloutReads = Infinity;
    prod.progressDeadlineExceeded = true;
    const started = Date.now();
    const r = await performRestart(restart(), new AbortController().signal, FAST);
    assert.equal(r.ok, false);
    assert.match(r.detail, /^deployment workshop-app\/workshop-app-prod exceeded its progress deadline: generation 5 not observed yet/);
    assert.ok(Date.now() - started < 2_000);
  });

  it("an abort mid-rollout ends it at once as interrupted", async () => {
    prod.rolloutReads = Infinity;
    const abort = new AbortController();
    const pending = performRestart(restart(), abort.signal, FAST);
    while (!api.requests.some((q) => q.startsWith("GET"))) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    abort.abort();
    assert.deepEqual(await pending, { ok: false, detail: "interrupted" });
    assert.ok(Date.now() - started < 1_000);
  });

  it("an unreachable API server or an unknown context: ok false, one line", async () => {
    const port = await closedPort();
    await useKubeconfig({ "kind-meshcheck": `https://127.0.0.1:${port}` });
    assert.deepEqual(await performRestart(restart(), new AbortController().signal, FAST), { ok: false, detail: `cannot reach https://127.0.0.1:${port}: ECONNREFUSED` });
    assert.deepEqual(await performRestart(restart("workshop-app-prod", "kind-other"), new AbortController().signal, FAST), { ok: false, detail: "no kubeconfig context kind-other" });
  });

  it("an API server that never answers: the call is abandoned after its own timeout, ok false", async () => {
    const silent = await startSilentServer();
    try {
      const url = silent.url;
      await useKubeconfig({ "kind-meshcheck": url });
      const started = Date.now();
      const r = await performRestart(restart(), new AbortController().signal, { ...FAST, callTimeoutMs: 300 });
      assert.deepEqual(r, { ok: false, detail: `${url} did not answer within 0.3s patching deployment workshop-app/workshop-app-prod` });
      assert.ok(Date.now() - started < 3_000);
    } finally {
      await silent.close();
    }
  });

  it("describes the restart without naming kubectl", () => {
    assert.equal(describeRestart(restart()), "deployment workshop-app/workshop-app-prod restarted through the Kubernetes API (context kind-meshcheck)");
  });
});
