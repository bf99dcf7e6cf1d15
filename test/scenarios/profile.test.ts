import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseProfile, ProfileError, sectionTargets } from "../../scenarios/lib/profile.js";
import { startLocalMesh } from "../../local-mesh/index.js";

const minimal = {
  apiVersion: "meshcheck/v1",
  kind: "TargetProfile",
  name: "t",
  identify: { header: "x-version" },
  vantages: { outside: { kind: "direct" }, app: { kind: "forwarder", url: "http://127.0.0.1:1/forward", token: "scenario-admin-token-01", identity: "spiffe://x" } },
};
const parse = (o: unknown) => parseProfile(JSON.stringify(o), "test.json");

describe("scenarios/lib/profile", () => {
  it("reads the JSON profile the local mesh produces, every section intact", async () => {
    const mesh = await startLocalMesh();
    try {
      const round = parseProfile(JSON.stringify(mesh.profile), "local.json");
      assert.deepEqual(round, mesh.profile);
    } finally {
      await mesh.stop();
    }
  });

  it("names the path of a bad field", () => {
    assert.throws(() => parse({ ...minimal, canary: [{ name: "c", url: "http://h/", weights: { v1: 90, v2: "10" } }] }), /profile canary\[0\]\.weights\.v2: expected a percentage/);
    assert.throws(() => parse({ ...minimal, routing: [{ name: "r", url: "http://h/", rules: [{ match: { headers: { "x-env": { exact: "a", prefix: "b" } } }, destination: "d" }] }] }), /routing\[0\]\.rules\[0\]\.match\.headers\.x-env: expected exactly one of exact, prefix, regex/);
    assert.throws(() => parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "ftp://x" } } }), /vantages\.x\.url: expected an http/);
    assert.throws(() => parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "http://127.0.0.1:1/forward" } } }), /vantages\.x\.token: expected the forwarder's token: 16\.\.512 characters .*, got nothing/);
    assert.throws(() => parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "http://127.0.0.1:1/forward", token: "guessable" } } }), /vantages\.x\.token: expected the forwarder's token: .*, got 9 characters$/);
    assert.throws(() => parse({ ...minimal, apiVersion: "v2" }), /apiVersion: expected "meshcheck\/v1"/);
    assert.throws(() => parse({ ...minimal, canary: [{ name: "c", url: "http://h/", weights: { v1: 90, v2: 20 } }] }), /summing to 100, got 110/);
  });

  it("checks the resilience sections the k6 scenarios read, naming the bad field", () => {
    const gw = { url: "http://h/", host: "x.local" };
    assert.throws(() => parse({ ...minimal, timeouts: [{ name: "t", ...gw, timeoutMs: 0, path: "/delay/2000", controlPath: "/" }] }), /timeouts\[0\]\.timeoutMs: expected a number above 0, got number 0/);
    assert.throws(() => parse({ ...minimal, timeouts: [{ name: "t", ...gw, timeoutMs: 500, path: "delay/2000", controlPath: "/" }] }), /timeouts\[0\]\.path: expected a path starting with \//);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, attempts: 1.5, retryOn: "5xx", path: "/", failRatio: 0.5 }] }), /retries\[0\]\.attempts: expected a whole number/);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, attempts: 2, retryOn: "5xx", path: "/", failRatio: 2 }] }), /retries\[0\]\.failRatio: expected a number from 0 to 1, got number 2/);
    assert.throws(() => parse({ ...minimal, faultInjection: [{ name: "f", ...gw, abort: { percent: 20, httpStatus: 99 } }] }), /faultInjection\[0\]\.abort\.httpStatus: expected a whole number from 200 to 599/);
    assert.throws(() => parse({ ...minimal, faultInjection: [{ name: "f", ...gw, delay: { percent: 120, fixedDelayMs: 200 } }] }), /faultInjection\[0\]\.delay\.percent: expected a number from 0 to 100/);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, vantage: "ghost", attempts: 2, retryOn: "5xx", path: "/", failRatio: 0.5 }] }), /retries\[0\]\.vantage: names vantage "ghost"/);
    const ok = parse({ ...minimal, faultInjection: [{ name: "f", ...gw, delay: { percent: 10, fixedDelayMs: 200 } }] });
    assert.deepEqual(sectionTargets(ok, "faultInjection"), [{ name: "f", ...gw, delay: { percent: 10, fixedDelayMs: 200 } }]);
  });

  it("rejects a section that names a vantage the profile lacks", () => {
    const p = { ...minimal, mtls: [{ name: "m", plaintext: { url: "http://a/" }, control: { vantage: "ghost", url: "http://a/" } }] };
    assert.throws(() => parse(p), /mtls\[0\]\.control\.vantage: names vantage "ghost"/);
  });

  it("says YAML is not the form k6 reads", () => {
    assert.throws(() => parseProfile("apiVersion: meshcheck/v1\n", "p.yaml"), (e: unknown) => e instanceof ProfileError && /p\.yaml is not JSON.*\.json --profile-out/.test(e.message));
  });

  it("treats a missing section as a configuration error, never an empty pass", () => {
    assert.throws(() => sectionTargets(parse(minimal), "canary"), /has no canary section/);
    const withAuthz = parse({ ...minimal, authz: [{ name: "a", url: "http://h/", allow: [{ vantage: "app", methods: ["get"] }] }] });
    assert.deepEqual(sectionTargets(withAuthz, "authz")[0]?.allow[0]?.methods, ["GET"]);
  });

  it("kind/k6/profile.json (in-cluster, for the operator) states the same rules and weights the manifests do", async () => {
    const inCluster = parseProfile(readFileSync("kind/k6/profile.json", "utf8"), "kind/k6/profile.json");
    const mesh = await startLocalMesh();
    try {
      const strip = <T extends { url: string; name: string }>(ts: T[] | undefined) => (ts ?? []).map(({ url: _url, ...rest }) => rest);
      assert.deepEqual(strip(inCluster.routing), strip(mesh.profile.routing));
      assert.deepEqual(strip(inCluster.canary), strip(mesh.profile.canary));
    } finally {
      await mesh.stop();
    }
  });
});
