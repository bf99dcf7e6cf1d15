// The profile states what the manifests expect, derived from the model (not constants).
import assert from "node:assert/strict";
import { buildProfile, type ForwarderVantage } from "../../expectations/profile.js";
import { fixtureModel } from "../manifests/fixture-model.js";

const TOKEN = "profile-test-token-01";
const forwarders: ForwarderVantage[] = [
  { name: "workshop-app", url: "http://127.0.0.1:1/forward", token: TOKEN, spiffe: "spiffe://cluster.local/ns/workshop-app/sa/workshop-app" },
  { name: "intruder", url: "http://127.0.0.1:2/forward", token: TOKEN, spiffe: "spiffe://cluster.local/ns/workshop-app/sa/intruder" },
  { name: "outsider", url: "http://127.0.0.1:3/forward", token: TOKEN },
];
const origin = "http://127.0.0.1:9";

describe("local-mesh profile", () => {
  it("derives routing, canary, mtls and authz from the manifests", () => {
    const p = buildProfile({ model: fixtureModel(), gatewayOrigin: origin, forwarders, certHolder: { cert: "c", key: "k", ca: "a" } });
    assert.equal(p.apiVersion, "meshcheck/v1");
    assert.deepEqual(p.identify, { header: "x-version", jsonField: "version" });
    assert.deepEqual(p.vantages.outsider, { kind: "forwarder", url: "http://127.0.0.1:3/forward", token: TOKEN });
    assert.deepEqual(p.vantages["cert-holder"], { kind: "tls", cert: "c", key: "k", ca: "a" });
    assert.deepEqual(p.routing, [
      {
        name: "workshop-routing",
        api: "VirtualService",
        url: `${origin}/`,
        host: "workshop-app.local",
        rules: [{ match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" }, { destination: "prod" }],
      },
    ]);
    assert.deepEqual(p.canary, [{ name: "workshop-canary", api: "VirtualService", url: `${origin}/`, host: "canary.workshop-app.local", weights: { v1: 90, v2: 10 } }]);
    const url = "http://workshop-app-v1.workshop-app:8080/";
    assert.deepEqual(p.mtls, [
      { name: "workshop-app-strict", plaintext: { url, vantage: "outsider" }, control: { vantage: "workshop-app", url } },
    ]);
    assert.deepEqual(p.authz, [
      {
        name: "workshop-auth",
        url,
        allow: [{ vantage: "workshop-app", methods: ["GET"] }],
        deny: [
          { vantage: "workshop-app", methods: ["POST", "PUT", "PATCH", "DELETE"] },
          { vantage: "intruder", methods: ["GET"] },
        ],
      },
    ]);
  });

  it("follows the manifests: other weights, other allowed methods, no STRICT", () => {
    const m = fixtureModel();
    m.virtualServices[1]!.http[0]!.route[0]!.weight = 75;
    m.virtualServices[1]!.http[0]!.route[1]!.weight = 25;
    m.authorizationPolicies[0]!.rules[0]!.to = [{ operation: { methods: ["GET", "POST"] } }];
    m.peerAuthentications = [];
    const p = buildProfile({ model: m, gatewayOrigin: origin, forwarders });
    assert.deepEqual(p.canary?.[0]?.weights, { v1: 75, v2: 25 });
    assert.deepEqual(p.authz?.[0]?.allow, [{ vantage: "workshop-app", methods: ["GET", "POST"] }]);
    assert.deepEqual(p.authz?.[0]?.deny[1], { vantage: "intruder", methods: ["GET", "POST"] });
    assert.equal(p.mtls, undefined, "absent section: its checks are skipped");
    assert.equal(p.vantages["cert-holder"], undefined);
  });
});
