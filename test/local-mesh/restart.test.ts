// Restarting a workload of the running local mesh through its control listener: a new pod
// takes over with no failed request (graceful), or — with no-graceful-restart — callers see
// 503s until the replacement is ready. Bad requests get one clear JSON error, and only the
// harness (the profile's token, JSON, a loopback Host, no browser) may restart anything.
import assert from "node:assert/strict";
import { request } from "undici";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { profileFromManifests } from "../../local-mesh/index.js";
import { performRestart } from "../../harness/checks/restart-action.js";

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

/** Requests one after another while `during` runs; returns their statuses. */
async function during(mesh: LocalMesh, work: Promise<unknown>): Promise<number[]> {
  let done = false;
  void work.finally(() => (done = true));
  const statuses: number[] = [];
  while (!done) statuses.push((await prod(mesh)).status);
  for (let i = 0; i < 3; i++) statuses.push((await prod(mesh)).status);
  return statuses;
}

describe("local mesh restarts", function () {
  this.timeout(20_000);

  it("graceful: the new pod answers, nothing fails meanwhile", async () => {
    const mesh = await startLocalMesh();
    try {
      const url = `${mesh.addresses.control}/restart/workshop-app/workshop-app-prod`;
      const restart = call(url, "POST", asHarness(mesh));
      const statuses = await during(mesh, restart);
      const r = await restart;
      assert.equal(r.status, 200, r.body);
      assert.deepEqual(JSON.parse(r.body), { workload: "workshop-app/workshop-app-prod", podBefore: "workshop-app-prod-0", podAfter: "workshop-app-prod-1", graceful: true, drainedMs: JSON.parse(r.body).drainedMs });
      assert.ok(statuses.every((s) => s === 200), JSON.stringify(statuses));
      assert.equal(JSON.parse((await prod(mesh)).body).pod, "workshop-app-prod-1");
    } finally {
      await mesh.stop();
    }
  });

  it("no-graceful-restart: callers get 503 until the replacement is ready", async () => {
    const mesh = await startLocalMesh({ faults: ["no-graceful-restart"] });
    try {
      const statuses = await during(mesh, call(`${mesh.addresses.control}/restart/workshop-app/workshop-app-prod`, "POST", asHarness(mesh)));
      assert.ok(statuses.includes(503), JSON.stringify(statuses));
      assert.equal(statuses.at(-1), 200);
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
      assert.deepEqual(done, { ok: true, detail: `workshop-app-prod-0 → workshop-app-prod-1, drained in ${/drained in (\d+) ms/.exec(done.detail)?.[1]} ms` });
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
