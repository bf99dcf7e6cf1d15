// The DestinationRule sections of the profile follow the manifests' rules, not constants.
import assert from "node:assert/strict";
import { loadMesh } from "../../manifests/load.js";
import type { MeshModel } from "../../manifests/types.js";
import { buildProfile } from "../../expectations/profile.js";

const origin = "http://127.0.0.1:9";
const profileOf = (model: MeshModel) => buildProfile({ model, gatewayOrigin: origin, forwarders: [] });

describe("local-mesh profile: DestinationRules", () => {
  it("states the breaker's pool and the outlier rule as written in kind/manifests", () => {
    const p = profileOf(loadMesh());
    assert.deepEqual(p.circuitBreaking, [
      { name: "workshop-breaker", url: `${origin}/`, host: "breaker.workshop-app.local", maxActive: 1, maxPending: 1, slowPath: "/delay/300" },
    ]);
    assert.deepEqual(p.outlierDetection, [
      {
        name: "workshop-outlier",
        url: `${origin}/`,
        host: "outlier.workshop-app.local",
        consecutiveErrors: 3,
        intervalMs: 1000,
        baseEjectionTimeMs: 2000,
        maxEjectionPercent: 50,
        path: "/?failStatus=500",
        endpoints: [{ destination: "steady", failRatio: 0 }, { destination: "flaky", failRatio: 1 }],
      },
    ]);
  });

  it("follows other limits, and leaves out what cannot be shown (a pool too big to overflow cheaply, an ejection maxEjectionPercent forbids)", () => {
    const model = loadMesh();
    const breaker = model.destinationRules.find((dr) => dr.name === "workshop-breaker")!;
    breaker.connectionPool = { maxConnections: 3, http1MaxPendingRequests: 2, http2MaxRequests: 5 };
    assert.deepEqual(profileOf(model).circuitBreaking?.map((t) => [t.maxActive, t.maxPending]), [[3, 2]]);
    breaker.connectionPool = { maxConnections: 100 };
    assert.equal(profileOf(model).circuitBreaking, undefined);
    model.destinationRules.find((dr) => dr.name === "workshop-outlier")!.outlierDetection!.maxEjectionPercent = 10;
    assert.equal(profileOf(model).outlierDetection, undefined);
  });
});
