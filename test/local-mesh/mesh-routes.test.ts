// Sidecars honour VirtualServices bound to the mesh (in-mesh calls), not only the gateway's.
import assert from "node:assert/strict";
import { serveMesh, type LocalMesh } from "../../local-mesh/runtime/mesh.js";
import { fixtureModel } from "../manifests/fixture-model.js";
import { viaVantage } from "./mesh-helpers.js";

describe("local-mesh in-mesh VirtualService routing", () => {
  let mesh: LocalMesh;
  before(async () => {
    const m = fixtureModel();
    m.virtualServices.push({
      name: "internal",
      namespace: "workshop-app",
      hosts: ["workshop-app"],
      gateways: ["mesh"],
      http: [
        { match: [{ headers: { "x-env": { exact: "prod" } } }], route: [{ destination: { host: "workshop-app-prod" } }] },
        { match: [{ uri: { prefix: "/dev" } }], route: [{ destination: { host: "workshop-app-dev" } }] },
      ],
      source: { file: "t.yaml", line: 1 },
    });
    mesh = await serveMesh(m);
  });
  after(async () => {
    await mesh?.stop();
  });

  it("routes a call to the Service by the mesh VirtualService; no matching route is 404", async () => {
    const prod = await viaVantage(mesh, "workshop-app", "http://workshop-app.workshop-app:8080/", { headers: { "x-env": "prod" } });
    assert.ok(prod.ok && prod.echo?.version === "prod", JSON.stringify(prod));
    const dev = await viaVantage(mesh, "workshop-app", "http://workshop-app.workshop-app:8080/dev/x");
    assert.ok(dev.ok && dev.echo?.version === "dev", JSON.stringify(dev));
    const none = await viaVantage(mesh, "workshop-app", "http://workshop-app.workshop-app:8080/");
    assert.ok(none.ok && none.status === 404, JSON.stringify(none));
  });

  it("Services no mesh VirtualService names are reached directly", async () => {
    const v2 = await viaVantage(mesh, "workshop-app", "http://workshop-app-v2.workshop-app:8080/", { headers: { "x-env": "prod" } });
    assert.ok(v2.ok && v2.echo?.version === "v2", JSON.stringify(v2));
  });
});
