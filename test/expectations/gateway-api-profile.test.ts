// The profile reads HTTPRoutes exactly as VirtualServices (routing, canary, route timeouts), each
// entry saying which API it came from; a mesh (GAMMA) route is reached from an in-mesh caller the
// authorization policies admit; on kind each Gateway's own gateway address is used.
import assert from "node:assert/strict";
import { buildProfile, type ForwarderVantage } from "../../expectations/profile.js";
import { loadMesh } from "../../manifests/load.js";
import type { MeshModel } from "../../manifests/types.js";

const TOKEN = "profile-test-token-01";
const forwarders: ForwarderVantage[] = [
  { name: "intruder", url: "http://127.0.0.1:2/forward", token: TOKEN, spiffe: "spiffe://cluster.local/ns/workshop-app/sa/intruder" },
  { name: "workshop-app", url: "http://127.0.0.1:1/forward", token: TOKEN, spiffe: "spiffe://cluster.local/ns/workshop-app/sa/workshop-app" },
];
const origin = "http://127.0.0.1:9";

describe("profile from Gateway API routes (kind/manifests/gateway-api)", () => {
  let model: MeshModel;
  before(() => {
    model = loadMesh();
  });

  it("states the HTTPRoutes' routing, canary and timeouts beside the VirtualServices', marked HTTPRoute", () => {
    const p = buildProfile({ model, gatewayOrigin: origin, forwarders });
    const gwapi = <T extends { api?: string }>(entries: T[] | undefined) => (entries ?? []).filter((e) => e.api === "HTTPRoute");
    assert.deepEqual(gwapi(p.routing), [
      {
        name: "workshop-routing-gwapi",
        api: "HTTPRoute",
        url: `${origin}/`,
        host: "routing.gwapi.workshop-app.local",
        rules: [
          { match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" },
          { match: { headers: { "x-env": { regex: "dev-[a-z0-9]+" } } }, destination: "dev" },
          { destination: "prod" },
        ],
      },
    ]);
    assert.deepEqual(gwapi(p.canary), [
      { name: "workshop-canary-gwapi", api: "HTTPRoute", url: `${origin}/`, host: "canary.gwapi.workshop-app.local", weights: { v1: 90, v2: 10 } },
      // GAMMA: from the first in-mesh forwarder the policies let GET both backends (not intruder).
      { name: "workshop-mesh-split", api: "HTTPRoute", url: "http://workshop-app-mesh.workshop-app:8080/", vantage: "workshop-app", weights: { v1: 75, v2: 25 } },
    ]);
    // The canary's timeout is not a target: a probe of a weighted route would judge two upstreams at once.
    assert.deepEqual(gwapi(p.timeouts).map((t) => [t.name, t.host, t.timeoutMs]), [["workshop-routing-gwapi", "routing.gwapi.workshop-app.local", 10_000]]);
    assert.ok((p.routing ?? []).some((r) => r.name === "workshop-routing" && r.api === "VirtualService"));
  });

  it("orders an HTTPRoute's rules by precedence, whatever order they are written in", () => {
    const m = structuredClone(model);
    const routing = m.httpRoutes.find((r) => r.name === "workshop-routing-gwapi")!;
    routing.rules.reverse(); // the default rule first: first-match would never reach dev
    const p = buildProfile({ model: m, gatewayOrigin: origin, forwarders });
    const rules = p.routing?.find((r) => r.name === "workshop-routing-gwapi")?.rules;
    assert.deepEqual(rules?.map((r) => r.destination), ["dev", "dev", "prod"]);
    assert.equal(rules?.[2]?.match, undefined);
  });

  it("sends each HTTPRoute to its own Gateway's address when the target has one per Gateway", () => {
    const gw = "http://127.0.0.1:18081";
    const p = buildProfile({ model, gatewayOrigin: origin, forwarders, gatewayApiOrigins: { "workshop-app/workshop-gateway-api": gw } });
    assert.equal(p.canary?.find((c) => c.name === "workshop-canary-gwapi")?.url, `${gw}/`);
    assert.equal(p.canary?.find((c) => c.name === "workshop-canary")?.url, `${origin}/`);
    // A Gateway the target cannot reach: its routes get no entry rather than the wrong gateway.
    const none = buildProfile({ model, gatewayOrigin: origin, forwarders, gatewayApiOrigins: {} });
    assert.equal(none.routing?.some((r) => r.name === "workshop-routing-gwapi"), false);
  });

  it("states no GAMMA entry when no in-mesh caller may reach every backend", () => {
    const p = buildProfile({ model, gatewayOrigin: origin, forwarders: forwarders.filter((f) => f.name === "intruder") });
    assert.equal(p.canary?.some((c) => c.name === "workshop-mesh-split"), false);
  });
});
