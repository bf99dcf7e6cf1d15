// The security expectations the profile is built from, read from the policy documents by their
// own code (expectations/expected-security.ts), not by the sidecars' enforcement code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  authzPolicyGoverns,
  governingPeerAuthentication,
  istioStringMatch,
  promisedAllowed,
  promisedMtlsMode,
  type Caller,
} from "../../expectations/expected-security.js";
import { ROOT_NAMESPACE } from "../../manifests/root-namespace.js";
import { evaluateAuthz, policiesFor } from "../../local-mesh/runtime/authz.js";
import { mtlsModeFor } from "../../local-mesh/runtime/peer-auth.js";
import { loadMesh } from "../../manifests/load.js";
import type { AuthorizationPolicy, PeerAuthentication } from "../../manifests/types.js";

const source = { file: "t.yaml", line: 1 };
const NS = "workshop-app";
const v1 = { namespace: NS, labels: { app: "workshop-app", version: "v1" } };
const v2 = { namespace: NS, labels: { app: "workshop-app", version: "v2" } };
const elsewhere = { namespace: "outside", labels: { app: "outsider" } };
const APP = { principal: "cluster.local/ns/workshop-app/sa/workshop-app", namespace: NS };
const INTRUDER = { principal: "cluster.local/ns/workshop-app/sa/intruder", namespace: NS };
const PLAINTEXT: Caller = {};

const pa = (name: string, namespace: string, mode: PeerAuthentication["mode"], selector?: Record<string, string>): PeerAuthentication =>
  ({ name, namespace, mode, source, ...(selector && { selector }) });
const ap = (action: AuthorizationPolicy["action"], rules: AuthorizationPolicy["rules"], extra: Partial<AuthorizationPolicy> = {}): AuthorizationPolicy =>
  ({ name: `p-${action}`, namespace: NS, action, rules, source, ...extra });

describe("expected security (what the policy documents promise)", () => {
  it("PeerAuthentication: workload selector beats namespace beats mesh-wide; none is PERMISSIVE", () => {
    const mesh = pa("mesh", ROOT_NAMESPACE, "STRICT");
    const ns = pa("default", NS, "PERMISSIVE");
    const v2only = pa("v2", NS, "DISABLE", { version: "v2" });
    assert.equal(promisedMtlsMode([], v1), "PERMISSIVE");
    assert.equal(promisedMtlsMode([mesh], elsewhere), "STRICT", "the root namespace's policy is mesh-wide");
    assert.equal(promisedMtlsMode([mesh, ns], v1), "PERMISSIVE", "namespace beats mesh, whatever the order");
    assert.equal(promisedMtlsMode([v2only, ns, mesh], v2), "DISABLE");
    assert.equal(promisedMtlsMode([v2only, ns, mesh], v1), "PERMISSIVE", "a selector for other labels does not apply");
    assert.equal(governingPeerAuthentication([pa("a", NS, "STRICT"), pa("b", NS, "DISABLE")], v1)?.name, "a", "first written wins among equals");
    assert.equal(promisedMtlsMode([pa("other", "outside", "STRICT")], v1), "PERMISSIVE", "another namespace's policy does not apply");
    assert.equal(promisedMtlsMode([pa("empty", NS, "STRICT", {})], v1), "STRICT", "an empty selector is namespace-wide");
    assert.equal(promisedMtlsMode([pa("root-v1", ROOT_NAMESPACE, "STRICT", { version: "v1" })], v1), "PERMISSIVE", "a PeerAuthentication's selector stays in its own namespace, root or not");
  });

  it("AuthorizationPolicy scope: namespace and selector, or mesh-wide from the root namespace", () => {
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { selector: { version: "v1" } }), v1), true);
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { selector: { version: "v1" } }), v2), false);
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { selector: { version: "v1", extra: "x" } }), v1), false, "every selector label must match");
    assert.equal(authzPolicyGoverns(ap("ALLOW", []), elsewhere), false);
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { namespace: ROOT_NAMESPACE }), elsewhere), true);
    // Istio: "If the authorization policy is in the root namespace, the selector will
    // additionally match with workloads in all namespaces."
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { namespace: ROOT_NAMESPACE, selector: { version: "v1" } }), v1), true, "a root selector reaches every namespace");
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { namespace: ROOT_NAMESPACE, selector: { version: "v1" } }), v2), false, "only the workloads it selects");
    assert.equal(authzPolicyGoverns(ap("ALLOW", [], { namespace: "outside", selector: { version: "v1" } }), v1), false, "another namespace's selector does not");
  });

  it("ALLOW: no ALLOW means allowed; with one, something must match; no rules denies all, an empty rule allows all", () => {
    assert.equal(promisedAllowed([], v1, PLAINTEXT, "DELETE"), true);
    const getFromApp = ap("ALLOW", [{ from: [{ source: { principals: [APP.principal] } }], to: [{ operation: { methods: ["GET"] } }] }]);
    assert.deepEqual(
      [APP, INTRUDER, PLAINTEXT].map((c) => ["GET", "POST"].filter((m) => promisedAllowed([getFromApp], v1, c, m))),
      [["GET"], [], []],
    );
    assert.equal(promisedAllowed([ap("ALLOW", [])], v1, APP, "GET"), false);
    assert.equal(promisedAllowed([ap("ALLOW", [{}])], v1, PLAINTEXT, "GET"), true);
  });

  it("DENY wins over ALLOW; a policy on another workload changes nothing", () => {
    const allowAll = ap("ALLOW", [{}]);
    const denyAdmin = ap("DENY", [{ to: [{ operation: { paths: ["/admin*"] } }] }]);
    assert.equal(promisedAllowed([allowAll, denyAdmin], v1, APP, "GET", "/admin/x"), false);
    assert.equal(promisedAllowed([allowAll, denyAdmin], v1, APP, "GET", "/public"), true);
    assert.equal(promisedAllowed([ap("DENY", [{}], { selector: { version: "v2" } })], v1, APP, "GET"), true);
  });

  it("a list needs any one entry; a plaintext caller matches no principal or namespace list, not even *", () => {
    const two = ap("ALLOW", [{ from: [{ source: { principals: [APP.principal, "cluster.local/ns/istio-system/sa/istio-ingress"] } }] }]);
    assert.equal(promisedAllowed([two], v1, APP, "GET"), true, "the first of two principals is enough");
    const star = ap("ALLOW", [{ from: [{ source: { principals: ["*"] } }] }]);
    assert.equal(promisedAllowed([star], v1, PLAINTEXT, "GET"), false);
    assert.equal(promisedAllowed([star], v1, INTRUDER, "GET"), true);
    const notIntruder = ap("ALLOW", [{ from: [{ source: { notPrincipals: [INTRUDER.principal], namespaces: [NS] } }] }]);
    assert.deepEqual([APP, INTRUDER, PLAINTEXT].map((c) => promisedAllowed([notIntruder], v1, c, "GET")), [true, false, false]);
    const notMethods = ap("ALLOW", [{ to: [{ operation: { notMethods: ["DELETE"] } }] }]);
    assert.deepEqual(["GET", "DELETE"].map((m) => promisedAllowed([notMethods], v1, APP, m)), [true, false]);
  });

  it("Istio string match: exact, prefix*, *suffix, * non-empty", () => {
    assert.deepEqual(
      [["/a", "/a"], ["/a", "/ab"], ["/a*", "/ab"], ["*b", "/ab"], ["*b", "/ba"], ["*", "x"], ["*", ""]].map(([p, v]) => istioStringMatch(p!, v!)),
      [true, false, true, true, false, true, false],
    );
  });

  it("agrees with the sidecars' enforcement on every workload, caller and method of kind/manifests", () => {
    // Two readings of the same documents: where they disagree, either the local mesh enforces
    // something other than what the manifests promise or the expectation is wrong.
    const m = loadMesh();
    const callers: Caller[] = [PLAINTEXT, ...[...new Set(m.workloads.map((w) => `${w.namespace}/${w.serviceAccount}`))].map((k) => {
      const [namespace, sa] = k.split("/") as [string, string];
      return { principal: `${m.trustDomain}/ns/${namespace}/sa/${sa}`, namespace };
    })];
    let compared = 0;
    for (const w of m.workloads) {
      assert.equal(promisedMtlsMode(m.peerAuthentications, w), mtlsModeFor(m, w), `${w.name}: mTLS mode`);
      for (const caller of callers) {
        for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]) {
          const enforced = evaluateAuthz(policiesFor(m.authorizationPolicies, w), { ...caller, method, path: "/" }).allowed;
          assert.equal(promisedAllowed(m.authorizationPolicies, w, caller, method), enforced, `${w.name} ← ${caller.principal ?? "plaintext"} ${method}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 100, `compared only ${compared} cases`);
  });

  // The enforcing code is in local-mesh/runtime/ (authz.ts, peer-auth.ts, sidecar-inbound.ts);
  // test/expectations/layering.test.ts holds that nothing in expectations/ imports local-mesh/.
  it("the profile reads security expectations from this module, never from the enforcing code", () => {
    for (const file of ["profile.ts", "expected-security.ts"]) {
      const text = readFileSync(new URL(`../../expectations/${file}`, import.meta.url), "utf8");
      assert.match(text, /^import /m, `${file}: no imports found; is this the right file?`);
      assert.doesNotMatch(text, /["'](\.\.\/)+local-mesh\//, `${file} imports the local mesh's code`);
    }
    assert.match(readFileSync(new URL("../../expectations/profile.ts", import.meta.url), "utf8"), /from "\.\/expected-security\.js"/);
  });
});
