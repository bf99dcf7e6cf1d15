// The local mesh serves the Gateway API routes of kind/manifests/gateway-api beside the
// VirtualService ones: the HTTPRoutes at its gateway on their own hosts, the mesh (GAMMA)
// HTTPRoute in the sidecars for calls to its Service.
import assert from "node:assert/strict";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { splitOverOneConnection, viaGateway, viaVantage, withinSigma } from "./mesh-helpers.js";

const ROUTING = "routing.gwapi.workshop-app.local";
const CANARY = "canary.gwapi.workshop-app.local";

describe("local mesh: Gateway API routes (kind/manifests/gateway-api)", () => {
  let mesh: LocalMesh;
  before(async () => {
    mesh = await startLocalMesh();
  });
  after(async () => {
    await mesh?.stop();
  });

  it("routes x-env: dev (Exact) and dev-<x> (RegularExpression) to dev, anything else to prod", async () => {
    assert.equal((await viaGateway(mesh, ROUTING, { "x-env": "dev" })).version, "dev");
    assert.equal((await viaGateway(mesh, ROUTING, { "X-Env": "dev-a1" })).version, "dev");
    assert.equal((await viaGateway(mesh, ROUTING)).version, "prod");
    assert.equal((await viaGateway(mesh, ROUTING, { "x-env": "dev-" })).version, "prod");
    assert.equal((await viaGateway(mesh, `${ROUTING}:80`, { "x-env": "DEV" })).version, "prod");
  });

  it("answers 404 for a host the Gateway's listener admits but no HTTPRoute serves, and keeps the VirtualService hosts apart", async () => {
    assert.equal((await viaGateway(mesh, "nothing.gwapi.workshop-app.local")).status, 404);
    // The VirtualService host is still routed by its VirtualService, not by an HTTPRoute.
    assert.equal((await viaGateway(mesh, "workshop-app.local", { "x-env": "dev-a1" })).version, "prod");
  });

  it("splits the canary HTTPRoute by its weights (90/10)", async () => {
    const n = 400;
    const counts = await splitOverOneConnection(mesh, CANARY, n);
    const v2 = counts.counts["v2"] ?? 0;
    assert.equal((counts.counts["v1"] ?? 0) + v2, n, JSON.stringify(counts));
    assert.ok(withinSigma(v2, n, 0.1), `v2 ${v2}/${n} is not near 10%`);
  });

  it("routes in-mesh calls to workshop-app-mesh by the GAMMA HTTPRoute: only v1 and v2, never dev or prod", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await viaVantage(mesh, "workshop-app", "http://workshop-app-mesh.workshop-app:8080/");
      assert.ok(r.ok, JSON.stringify(r));
      seen.add(String(r.echo?.version));
    }
    // Without the route the Service's four variants each take a quarter: 40 calls miss dev and
    // prod with probability 2^-40.
    assert.deepEqual([...seen].filter((v) => v !== "v1" && v !== "v2"), []);
    assert.ok(seen.has("v1"));
  });
});
