// The one host resolver preflight and the local mesh share.
import { strict as assert } from "node:assert";
import { hostAdmits, hostsOverlap, serverHostname } from "../../manifests/hosts.js";

describe("manifests: host patterns", () => {
  it("a pattern admits names: exact, `*.suffix` with a label before it, `*` anything", () => {
    assert.equal(hostAdmits("workshop-app.local", "workshop-app.local"), true);
    assert.equal(hostAdmits("workshop-app.local", "canary.workshop-app.local"), false);
    assert.equal(hostAdmits("*.workshop-app.local", "canary.workshop-app.local"), true);
    assert.equal(hostAdmits("*.workshop-app.local", "a.b.workshop-app.local"), true);
    assert.equal(hostAdmits("*.workshop-app.local", "workshop-app.local"), false);
    assert.equal(hostAdmits("*.workshop-app.local", ".workshop-app.local"), false);
    assert.equal(hostAdmits("*.workshop-app.local", "xworkshop-app.local"), false);
    assert.equal(hostAdmits("*", "anything"), true);
  });

  it("a pattern admits a narrower pattern, never a wider one", () => {
    assert.equal(hostAdmits("*.local", "*.workshop-app.local"), true);
    assert.equal(hostAdmits("*.workshop-app.local", "*.local"), false);
    assert.equal(hostAdmits("workshop-app.local", "*"), false);
    assert.equal(hostAdmits("*", "*"), true);
  });

  it("compares as written: case is the caller's to fold", () => {
    assert.equal(hostAdmits("workshop-app.local", "Workshop-App.local"), false);
    assert.equal(hostAdmits("*.workshop-app.local", "canary.Workshop-App.local"), false);
  });

  it("two patterns overlap when either admits the other (Istio's VirtualService-to-Gateway binding)", () => {
    assert.equal(hostsOverlap("workshop-app.local", "*"), true);
    assert.equal(hostsOverlap("*", "workshop-app.local"), true);
    assert.equal(hostsOverlap("canary.workshop-app.local", "*.workshop-app.local"), true);
    assert.equal(hostsOverlap("*.a.local", "*.local"), true);
    assert.equal(hostsOverlap("*.workshop-app.local", "workshop-app.local"), false);
    assert.equal(hostsOverlap("a.local", "b.local"), false);
  });

  it("a Gateway server host's namespace prefix is not part of the name", () => {
    assert.equal(serverHostname("workshop-app/workshop-app.local"), "workshop-app.local");
    assert.equal(serverHostname("*/workshop-app.local"), "workshop-app.local");
    assert.equal(serverHostname("workshop-app.local"), "workshop-app.local");
  });
});
