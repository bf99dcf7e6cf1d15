// AuthorizationPolicy evaluation: Istio's order (DENY, then ALLOW-if-any) and its match rules.
import assert from "node:assert/strict";
import { evaluateAuthz, policiesFor, valueMatches } from "../../local-mesh/runtime/authz.js";
import type { AuthorizationPolicy } from "../../manifests/types.js";
import { fixtureModel, getOnlyPolicy, workload } from "../manifests/fixture-model.js";

const APP = "cluster.local/ns/workshop-app/sa/workshop-app";
const INTRUDER = "cluster.local/ns/workshop-app/sa/intruder";
const src = { file: "t.yaml", line: 1 };

function policy(action: "ALLOW" | "DENY", rules: AuthorizationPolicy["rules"]): AuthorizationPolicy {
  return { name: `p-${action}`, namespace: "workshop-app", action, rules, source: src };
}

describe("local-mesh authz", () => {
  it("allows everything when no policy selects the workload", () => {
    assert.equal(evaluateAuthz([], { method: "DELETE", path: "/" }).allowed, true);
  });

  it("GET-only policy: allowed principal GET passes, POST and other principals are denied", () => {
    const ps = [getOnlyPolicy];
    assert.equal(evaluateAuthz(ps, { principal: APP, namespace: "workshop-app", method: "GET", path: "/" }).allowed, true);
    assert.deepEqual(evaluateAuthz(ps, { principal: APP, method: "POST", path: "/" }), {
      allowed: false,
      reason: "no-allow-matched",
    });
    assert.equal(evaluateAuthz(ps, { principal: INTRUDER, method: "GET", path: "/" }).allowed, false);
  });

  it("the root namespace's policies apply across namespaces: without a selector to every workload, with one to those it selects", () => {
    const m = fixtureModel();
    const outsider = m.workloads.find((w) => w.namespace === "outside")!;
    const v1 = m.workloads.find((w) => w.name === "workshop-app-v1")!;
    const meshWide: AuthorizationPolicy = { name: "deny-delete", namespace: "istio-system", action: "DENY", rules: [{ to: [{ operation: { methods: ["DELETE"] } }] }], source: src };
    const rootSelected: AuthorizationPolicy = { ...meshWide, name: "v1-only", selector: { version: "v1" } };
    const elsewhere: AuthorizationPolicy = { ...rootSelected, name: "elsewhere", namespace: "outside" };
    assert.deepEqual(policiesFor([meshWide], outsider).map((p) => p.name), ["deny-delete"]);
    assert.deepEqual(policiesFor([rootSelected, elsewhere], v1).map((p) => p.name), ["v1-only"]);
    assert.deepEqual(policiesFor([rootSelected], m.workloads.find((w) => w.name === "workshop-app-v2")!), []);
  });

  it("a plaintext caller (no principal) never matches principals, not even *", () => {
    const star = policy("ALLOW", [{ from: [{ source: { principals: ["*"] } }] }]);
    assert.equal(evaluateAuthz([star], { method: "GET", path: "/" }).allowed, false);
    assert.equal(evaluateAuthz([star], { principal: INTRUDER, method: "GET", path: "/" }).allowed, true);
  });

  it("DENY wins over a matching ALLOW", () => {
    const deny = policy("DENY", [{ to: [{ operation: { paths: ["/admin*"] } }] }]);
    const allowAll = policy("ALLOW", [{}]);
    assert.equal(evaluateAuthz([allowAll, deny], { principal: APP, method: "GET", path: "/admin/x" }).allowed, false);
    assert.equal(evaluateAuthz([allowAll, deny], { principal: APP, method: "GET", path: "/public" }).allowed, true);
  });

  it("an ALLOW policy with no rules denies everything", () => {
    assert.equal(evaluateAuthz([policy("ALLOW", [])], { principal: APP, method: "GET", path: "/" }).allowed, false);
  });

  it("notPrincipals, namespaces, notMethods and notPaths", () => {
    const p = policy("ALLOW", [
      {
        from: [{ source: { namespaces: ["workshop-app"], notPrincipals: [INTRUDER] } }],
        to: [{ operation: { notMethods: ["DELETE"], notPaths: ["*.secret"] } }],
      },
    ]);
    const ok = { principal: APP, namespace: "workshop-app", method: "GET", path: "/a" };
    assert.equal(evaluateAuthz([p], ok).allowed, true);
    assert.equal(evaluateAuthz([p], { ...ok, principal: INTRUDER }).allowed, false);
    assert.equal(evaluateAuthz([p], { ...ok, namespace: "other" }).allowed, false);
    assert.equal(evaluateAuthz([p], { ...ok, method: "DELETE" }).allowed, false);
    assert.equal(evaluateAuthz([p], { ...ok, path: "/x.secret" }).allowed, false);
  });

  it("DENY with notPrincipals ['*'] denies plaintext only", () => {
    const p = policy("DENY", [{ from: [{ source: { notPrincipals: ["*"] } }] }]);
    assert.equal(evaluateAuthz([p], { method: "GET", path: "/" }).allowed, false);
    assert.equal(evaluateAuthz([p], { principal: APP, method: "GET", path: "/" }).allowed, true);
  });

  it("string matching: exact, prefix, suffix, *", () => {
    assert.equal(valueMatches("/a", "/a"), true);
    assert.equal(valueMatches("/a", "/ab"), false);
    assert.equal(valueMatches("/a*", "/ab"), true);
    assert.equal(valueMatches("*b", "/ab"), true);
    assert.equal(valueMatches("*b", "/ba"), false);
    assert.equal(valueMatches("*", ""), false);
  });

  it("policiesFor: same namespace and a selector matching the workload's labels", () => {
    const m = fixtureModel();
    const v1 = m.workloads[0]!;
    const intruder = m.workloads.find((w) => w.name === "intruder")!;
    assert.deepEqual(policiesFor([getOnlyPolicy], v1), [getOnlyPolicy]);
    assert.deepEqual(policiesFor([getOnlyPolicy], intruder), []);
    const elsewhere = workload("x", "other", "x", "workshop-app", "v1");
    assert.deepEqual(policiesFor([getOnlyPolicy], elsewhere), []);
  });
});
