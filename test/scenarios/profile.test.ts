import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runInContext, createContext } from "node:vm";
import { build } from "esbuild";
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

  it("names the path of a bad field, in the harness's words", () => {
    assert.throws(() => parse({ ...minimal, canary: [{ name: "c", url: "http://h/", weights: { v1: 90, v2: "10" } }] }), /^ProfileError: test\.json: canary\[0\]\.weights\.v2: must be a number \(write a number here\)$/);
    assert.throws(() => parse({ ...minimal, routing: [{ name: "r", url: "http://h/", rules: [{ match: { headers: { "x-env": { exact: "a", prefix: "b" } } }, destination: "d" }] }] }), /routing\[0\]\.rules\[0\]\.match\.headers\["x-env"\]: must set exactly one of: exact, prefix, regex/);
    assert.throws(() => parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "ftp://x", token: "scenario-admin-token-01" } } }), /vantages\.x\.url: must be an absolute http\(s\) URL/);
    assert.throws(() => parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "http://127.0.0.1:1/forward" } } }), /vantages\.x\.token: is required \(add it\)$/);
    const guess = (() => { try { parse({ ...minimal, vantages: { x: { kind: "forwarder", url: "http://127.0.0.1:1/forward", token: "guessable" } } }); } catch (e) { return String(e); } return "accepted"; })();
    assert.match(guess, /vantages\.x\.token: must be 16\.\.512 characters/);
    assert.ok(!guess.includes("guessable"), "a token is never repeated");
    assert.throws(() => parse({ ...minimal, apiVersion: "v2" }), /test\.json: apiVersion: must be "meshcheck\/v1"/);
    assert.throws(() => parse({ ...minimal, canary: [{ name: "c", url: "http://h/", weights: { v1: 90, v2: 20 } }] }), /canary\[0\]\.weights: weights sum to 110, not 100/);
    assert.throws(() => parse({ ...minimal, routng: [] }), /test\.json: routng: unknown field/);
  });

  it("checks every section the harness checks, naming the bad field", () => {
    const gw = { url: "http://h/", host: "x.local" };
    assert.throws(() => parse({ ...minimal, timeouts: [{ name: "t", ...gw, timeoutMs: 0, path: "/delay/2000", controlPath: "/" }] }), /timeouts\[0\]\.timeoutMs: 0 is out of range: must be a number above 0 and at most 30000/);
    assert.throws(() => parse({ ...minimal, timeouts: [{ name: "t", ...gw, timeoutMs: 500, path: "delay/2000", controlPath: "/" }] }), /timeouts\[0\]\.path: must be a path starting with \//);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, attempts: 1.5, retryOn: "5xx", path: "/", failRatio: 0.5 }] }), /retries\[0\]\.attempts: must be an integer/);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, attempts: 2, retryOn: "5xx", path: "/", failRatio: 2 }] }), /retries\[0\]\.failRatio: 2 is out of range: must be a number from 0 to 1/);
    assert.throws(() => parse({ ...minimal, faultInjection: [{ name: "f", ...gw, abort: { percent: 20, httpStatus: 99 } }] }), /faultInjection\[0\]\.abort\.httpStatus: 99 is out of range: must be a whole number from 200 to 599/);
    assert.throws(() => parse({ ...minimal, faultInjection: [{ name: "f", ...gw, delay: { percent: 120, fixedDelayMs: 200 } }] }), /faultInjection\[0\]\.delay\.percent: 120 is out of range/);
    assert.throws(() => parse({ ...minimal, retries: [{ name: "r", ...gw, vantage: "ghost", attempts: 2, retryOn: "5xx", path: "/", failRatio: 0.5 }] }), /retries\[0\]\.vantage: vantage "ghost" is not defined/);
    // Sections no scenario reads are checked too (they used to pass through unread).
    assert.throws(() => parse({ ...minimal, circuitBreaking: [{ name: "b", ...gw, maxActive: 1e9, maxPending: 1, slowPath: "/delay/300" }] }), /circuitBreaking\[0\]\.maxActive: 1000000000 is out of range/);
    const restart = { kind: "local", url: "http://mesh.example:9000/restart", token: "scenario-admin-token-01" };
    assert.throws(() => parse({ ...minimal, disruption: [{ name: "d", ...gw, destination: "prod", ratePerSec: 10, warmupMs: 0, settleMs: 1000, budget: 0.1, restart }] }), /disruption\[0\]\.restart\.url: admin endpoint .* is not on a loopback address/);
    assert.throws(() => parse({ ...minimal, disruption: [{ name: "d", ...gw, destination: "prod", ratePerSec: 10, warmupMs: 0, settleMs: 1000, budget: 0.1, restart: { kind: "ssh" } }] }), /disruption\[0\]\.restart\.kind: unknown kind "ssh" \(use one of: local, kubernetes\)/);
    const ok = parse({ ...minimal, faultInjection: [{ name: "f", ...gw, delay: { percent: 10, fixedDelayMs: 200 } }] });
    assert.deepEqual(sectionTargets(ok, "faultInjection"), [{ name: "f", ...gw, delay: { percent: 10, fixedDelayMs: 200 } }]);
  });

  it("accepts tls vantages, servername included, and checks their fields", () => {
    const tls = { kind: "tls", cert: "/keys/client.crt", key: "/keys/client.key", ca: "/keys/ca.crt", servername: "gw.local" };
    const withTls = { ...minimal, vantages: { ...minimal.vantages, holder: tls }, timeouts: [{ name: "t", url: "https://h/", vantage: "holder", timeoutMs: 500, path: "/delay/2000", controlPath: "/" }] };
    assert.deepEqual(parse(withTls).vantages.holder, tls);
    assert.throws(() => parse({ ...withTls, vantages: { holder: { ...tls, key: "" } } }), /vantages\.holder\.key: must not be empty/);
    assert.throws(() => parse({ ...withTls, vantages: { holder: { ...tls, crt: "x" } } }), /vantages\.holder\.crt: unknown field \(remove it or use one of: kind, cert, key, ca, servername\)/);
  });

  it("rejects a section that names a vantage the profile lacks", () => {
    const p = { ...minimal, mtls: [{ name: "m", plaintext: { url: "http://a/" }, control: { vantage: "ghost", url: "http://a/" } }] };
    assert.throws(() => parse(p), /mtls\[0\]\.control\.vantage: vantage "ghost" is not defined \(define it under vantages or use one of: outside, app\)/);
    // A name every object has (Object.prototype) is no vantage either.
    assert.throws(() => parse({ ...p, mtls: [{ ...p.mtls[0], control: { vantage: "toString", url: "http://a/" } }] }), /vantage "toString" is not defined/);
  });

  it("says YAML is not the form k6 reads", () => {
    assert.throws(() => parseProfile("apiVersion: meshcheck/v1\n", "p.yaml"), (e: unknown) => e instanceof ProfileError && /p\.yaml is not JSON.*\.json --profile-out/.test(e.message));
  });

  it("treats a missing section as a configuration error, never an empty pass", () => {
    const withAuthz = parse({ ...minimal, authz: [{ name: "a", url: "http://h/", allow: [{ vantage: "app", methods: ["GET"] }], deny: [{ vantage: "outside", methods: ["GET"] }] }] });
    assert.throws(() => sectionTargets(withAuthz, "canary"), /has no canary section/);
    assert.deepEqual(sectionTargets(withAuthz, "authz")[0]?.allow[0]?.methods, ["GET"]);
    // A profile with no check section at all is refused when read, as the harness refuses it.
    assert.throws(() => parse(minimal), /test\.json: \(root\): no check section/);
  });

  it("kind/k6/profile.json (in-cluster, for the operator) states the same rules and weights the manifests do", async () => {
    const inCluster = parseProfile(readFileSync("kind/k6/profile.json", "utf8"), "kind/k6/profile.json");
    const mesh = await startLocalMesh();
    try {
      // Through a gateway only: the k6 pod has no sidecar, so an in-mesh (vantage) entry such as
      // the GAMMA route's cannot be stated for it. The Gateway API gateway is Istio's
      // <gateway>-istio Service in its namespace.
      const strip = <T extends { url: string; name: string; vantage?: string }>(ts: T[] | undefined) =>
        (ts ?? []).filter((t) => t.vantage === undefined).map(({ url: _url, ...rest }) => rest);
      assert.deepEqual(strip(inCluster.routing), strip(mesh.profile.routing));
      assert.deepEqual(strip(inCluster.canary), strip(mesh.profile.canary));
    } finally {
      await mesh.stop();
    }
  });

  it("runs with ECMAScript built-ins alone (no URL, no process, no npm), as in k6", async function () {
    this.timeout(30_000);
    // Bundled as k6 would load it, and run in a bare context: anything Node-only throws here.
    const out = await build({ entryPoints: ["scenarios/lib/profile.ts"], bundle: true, format: "iife", globalName: "lib", platform: "neutral", target: "es2020", write: false, logLevel: "silent" });
    const bare = createContext({});
    runInContext(`${out.outputFiles[0]!.text}\nglobalThis.lib = lib;`, bare);
    assert.equal(runInContext("typeof URL + typeof process + typeof require", bare), "undefinedundefinedundefined");
    const lib = bare.lib as { parseProfile: (text: string, source: string) => { vantages: object } };
    const text = readFileSync("test/local-mesh/golden-profile.json", "utf8").replace(/http:\/\/<[^>]+>/g, "http://127.0.0.1:9000").replaceAll('"<token>"', '"sample-admin-token-0001"');
    assert.ok(Object.keys(lib.parseProfile(text, "golden.json").vantages).length >= 4);
    assert.throws(() => lib.parseProfile(text.replace('"x-version"', '""'), "golden.json"), (e: Error) => e.message === "golden.json: identify.header: must not be empty (write a value or remove the field)");
  });
});
