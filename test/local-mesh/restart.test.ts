// Restarting a workload of the running local mesh through its control listener, as a rollout
// on a cluster goes: the new pod is probed until Ready, the old one is deleted, and the gateway
// learns of both only after the endpoint propagation delay. With the manifests' preStop drain
// nothing fails; without it (no-graceful-restart) the old pod stops serving at SIGTERM while the
// gateway still sends to it, and callers get 503s. Bad requests get one clear JSON error, and only
// the harness (the profile's token, JSON, a loopback Host, no browser) may restart anything.
import assert from "node:assert/strict";
import { request } from "undici";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { profileFromManifests } from "../../expectations/from-manifests.js";
import { performRestart } from "../../harness/check-kit/restart-action.js";

async function call(url: string, method: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await request(url, { method, headers });
  return { status: res.statusCode, body: await res.body.text() };
}

const prod = (mesh: LocalMesh) => call(`${mesh.addresses.gateway}/`, "GET", { host: "workshop-app.local" });

/** The control listener's token, as the profile hands it to the harness. */
function controlToken(mesh: LocalMesh): string {
  const restart = mesh.profile.disruption?.[0]?.restart;
  assert.ok(restart?.kind === "local", "the local profile restarts through the control listener");
  return restart.token;
}

/** What the harness sends (restart-action.ts): the token and JSON. */
const asHarness = (mesh: LocalMesh) => ({ "content-type": "application/json", "x-meshcheck-token": controlToken(mesh) });
const podOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { pod?: string }).pod;
  } catch {
    return undefined;
  }
};

/**
 * Requests one after another from before the restart until `afterMs` past its answer (the
 * propagation delay and then some); returns the restart's answer and every request's outcome.
 */
async function restartUnderTraffic(mesh: LocalMesh, afterMs: number): Promise<{ restart: { status: number; body: string }; seen: { status: number; pod?: string }[] }> {
  const seen: { status: number; pod?: string }[] = [];
  const restarting = call(`${mesh.addresses.control}/restart/workshop-app/workshop-app-prod`, "POST", asHarness(mesh));
  let answeredAt: number | undefined;
  void restarting.finally(() => (answeredAt = performance.now()));
  while (answeredAt === undefined || performance.now() - answeredAt < afterMs) {
    const r = await prod(mesh);
    seen.push({ status: r.status, ...(podOf(r.body) !== undefined && { pod: podOf(r.body) }) });
  }
  return { restart: await restarting, seen };
}

describe("local mesh restarts", function () {
  this.timeout(30_000);

  it("with the manifests' preStop drain: nothing fails, and the new pod takes over after the propagation delay", async () => {
    const mesh = await startLocalMesh({ endpointPropagationMs: 1_000 });
    try {
      // 2 s after the answer: past the 1 s propagation, inside the old pod's 5 s preStop sleep.
      const { restart, seen } = await restartUnderTraffic(mesh, 2_000);
      assert.equal(restart.status, 200, restart.body);
      const r = JSON.parse(restart.body) as Record<string, unknown>;
      assert.deepEqual({ ...r, readyMs: 0 }, {
        workload: "workshop-app/workshop-app-prod",
        podBefore: "workshop-app-prod-0",
        podAfter: "workshop-app-prod-1",
        readyMs: 0,
        preStop: "sleep: 5s",
        terminationGracePeriodSeconds: 30,
      });
      assert.ok(seen.every((s) => s.status === 200), JSON.stringify(seen.filter((s) => s.status !== 200)));
      assert.equal(seen.at(-1)?.pod, "workshop-app-prod-1");
    } finally {
      await mesh.stop();
    }
  });

  it("without a drain (no-graceful-restart): callers get 503 while the terminating pod is still an endpoint", async () => {
    // A long propagation delay, so the window where the gateway still sends to the old pod
    // cannot slip by between two requests however loaded the machine is.
    const mesh = await startLocalMesh({ faults: ["no-graceful-restart"], endpointPropagationMs: 3_000 });
    try {
      const { restart, seen } = await restartUnderTraffic(mesh, 4_000);
      assert.equal(restart.status, 200, restart.body);
      assert.equal((JSON.parse(restart.body) as { preStop: string }).preStop, "none");
      const failed = seen.filter((s) => s.status !== 200);
      assert.ok(failed.length > 0 && failed.every((s) => s.status === 503), JSON.stringify(failed));
      assert.equal(seen.at(-1)?.status, 200);
      assert.equal(seen.at(-1)?.pod, "workshop-app-prod-1");
    } finally {
      await mesh.stop();
    }
  });

  it("refuses unknown workloads, forwarder vantages, other methods and paths, each with one line", async () => {
    const mesh = await startLocalMesh();
    try {
      const c = mesh.addresses.control!;
      const cases: [string, string, number, RegExp][] = [
        [`${c}/restart/workshop-app/nope`, "POST", 404, /no running workload workshop-app\/nope/],
        [`${c}/restart/workshop-app/workshop-app-v1`, "POST", 409, /serves a forwarder vantage/],
        [`${c}/restart/workshop-app/workshop-app-prod`, "GET", 405, /restart with POST/],
        [`${c}/stop`, "POST", 404, /use POST \/restart\/\{namespace\}\/\{workload\}/],
      ];
      for (const [url, method, status, message] of cases) {
        const r = await call(url, method, asHarness(mesh));
        assert.equal(r.status, status, url);
        assert.match((JSON.parse(r.body) as { error: string }).error, message);
      }
    } finally {
      await mesh.stop();
    }
  });

  it("restarts nothing for a web page or a caller without the run's token", async () => {
    const mesh = await startLocalMesh();
    try {
      const url = `${mesh.addresses.control}/restart/workshop-app/workshop-app-prod`;
      const port = new URL(url).port;
      const good = asHarness(mesh);
      const cases: [string, Record<string, string>, number, RegExp][] = [
        ["a cross-site text/plain POST", { origin: "https://evil.example", "content-type": "text/plain" }, 403, /Origin/],
        ["a cross-site POST with the token", { ...good, origin: "https://evil.example" }, 403, /Origin/],
        ["Sec-Fetch-Site: cross-site", { ...good, "sec-fetch-site": "cross-site" }, 403, /Sec-Fetch-Site/],
        ["a rebound Host", { ...good, host: `evil.example:${port}` }, 421, /Host "evil\.example:\d+"/],
        ["no token", { "content-type": "application/json" }, 401, /missing x-meshcheck-token/],
        ["a wrong token", { ...good, "x-meshcheck-token": `${good["x-meshcheck-token"]}x` }, 401, /wrong x-meshcheck-token/],
        ["text/plain with the token", { ...good, "content-type": "text/plain" }, 415, /send application\/json/],
      ];
      for (const [what, headers, status, message] of cases) {
        const r = await call(url, "POST", headers);
        assert.equal(r.status, status, `${what}: ${r.body}`);
        assert.match((JSON.parse(r.body) as { error: string }).error, message, what);
      }
      assert.equal(JSON.parse((await prod(mesh)).body).pod, "workshop-app-prod-0", "nothing was restarted");
      // The same token from the profile works; a different mesh's token would not.
      const other = await startLocalMesh();
      try {
        assert.notEqual(controlToken(other), controlToken(mesh), "each start generates its own token");
      } finally {
        await other.stop();
      }
    } finally {
      await mesh.stop();
    }
  });

  it("the harness's restart action sends the profile's token; another token restarts nothing", async () => {
    const mesh = await startLocalMesh();
    try {
      const action = mesh.profile.disruption?.[0]?.restart;
      assert.ok(action?.kind === "local");
      const refused = await performRestart({ ...action, token: `${action.token.slice(0, -1)}0` === action.token ? `${action.token}1` : `${action.token.slice(0, -1)}0` }, new AbortController().signal);
      assert.equal(refused.ok, false);
      assert.match(refused.detail, /^control answered 401: .*wrong x-meshcheck-token/);
      const done = await performRestart(action, new AbortController().signal);
      assert.equal(done.ok, true, done.detail);
      assert.match(done.detail, /^workshop-app-prod-0 → workshop-app-prod-1 ready in \d+ ms/);
    } finally {
      await mesh.stop();
    }
  });

  it("the profile restarts through the control listener locally, through the Kubernetes API in a cluster", async () => {
    const mesh = await startLocalMesh();
    try {
      assert.deepEqual(mesh.profile.disruption?.map((d) => [d.name, d.host, d.destination, d.budget, d.restart]), [
        ["workshop-app-prod", "workshop-app.local", "prod", 0.02, { kind: "local", url: `${mesh.addresses.control}/restart/workshop-app/workshop-app-prod`, token: controlToken(mesh) }],
      ]);
    } finally {
      await mesh.stop();
    }
    const kind = profileFromManifests({ name: "kind-meshcheck", gatewayOrigin: "http://127.0.0.1:8080", forwarders: [], kubeContext: "kind-meshcheck" });
    assert.deepEqual(kind.disruption?.map((d) => d.restart), [{ kind: "kubernetes", namespace: "workshop-app", deployment: "workshop-app-prod", context: "kind-meshcheck" }]);
  });
});
