import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { stringify } from "yaml";
import { UsageError } from "../../harness/errors.js";
import { loadProfile } from "../../harness/profile/load.js";
import { validateProfile } from "../../harness/profile/validate.js";
import { ProfileError } from "../../harness/profile/profile-error.js";
import { fullProfile, profileDir, profileErrorOf, SKETCH_YAML, type Loose } from "./samples.js";

describe("profile loading", () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => ({ dir, remove } = await profileDir()));
  after(async () => remove());

  it("loads a hand-written YAML profile and resolves tls files against the profile's dir", async () => {
    const file = join(dir, "sketch.yaml");
    await writeFile(file, SKETCH_YAML);
    const p = await loadProfile(file);
    assert.equal(p.name, "local");
    assert.deepEqual(p.canary?.[0]?.weights, { v1: 90, v2: 10 });
    assert.equal(p.routing?.[0]?.rules[0]?.match?.headers?.["x-env"]?.exact, "dev");
    const holder = p.vantages["cert-holder"];
    assert.equal(holder?.kind, "tls");
    if (holder?.kind === "tls") assert.equal(holder.key, join(dir, "certs", "client.key"));
  });

  it("loads the same profile from JSON", async () => {
    const file = join(dir, "full.json");
    await writeFile(file, JSON.stringify(fullProfile(), null, 2));
    const p = await loadProfile(file);
    assert.equal(p.authz?.[0]?.allow[0]?.path, "/ok");
  });

  it("accepts a fully populated TargetProfile (schema and types in step) without mutating it", () => {
    const input = fullProfile();
    const p = validateProfile(input, "inline", { baseDir: dir });
    const holder = p.vantages.holder;
    assert.ok(holder?.kind === "tls" && isAbsolute(holder.cert) && isAbsolute(holder.ca));
    assert.deepEqual(input, fullProfile());
  });
});

// Tests break profiles in arbitrary ways, so they edit them untyped.

describe("profile errors name the bad field", () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => ({ dir, remove } = await profileDir()));
  after(async () => remove());

  const errorOf = (edit: (p: Loose) => void): string => profileErrorOf(edit, dir);

  const cases: [string, (p: Loose) => void, RegExp][] = [
    ["wrong apiVersion", (p) => (p.apiVersion = "meshcheck/v2"), /^prof\.yaml: apiVersion: must be "meshcheck\/v1" \(set it to "meshcheck\/v1"\)$/],
    ["wrong kind", (p) => (p.kind = "Profile"), /^prof\.yaml: kind: must be "TargetProfile"/],
    ["missing identify", (p) => delete p.identify, /^prof\.yaml: identify: is required \(add it\)$/],
    ["empty identify", (p) => (p.identify = {}), /identify: must set at least one of: header, jsonField/],
    ["typo at top level", (p) => (p.routng = p.routing), /^prof\.yaml: routng: unknown field \(remove it or use one of: apiVersion, kind, name, /],
    ["typo in a tls vantage", (p) => (p.vantages.holder.crt = "x"), /^prof\.yaml: vantages\.holder\.crt: unknown field \(remove it or use one of: kind, cert, key, ca, servername\)$/],
    ["field of another vantage kind", (p) => (p.vantages.outside.url = "http://x/"), /vantages\.outside\.url: unknown field/],
    ["unknown vantage kind", (p) => (p.vantages.outside.kind = "proxy"), /vantages\.outside\.kind: unknown kind "proxy" \(use one of: direct, tls, forwarder\)/],
    ["forwarder without url", (p) => delete p.vantages.fwd.url, /vantages\.fwd\.url: is required/],
    ["bad SPIFFE id", (p) => (p.vantages.fwd.identity = "cluster.local/ns/a"), /vantages\.fwd\.identity: must be a SPIFFE ID/],
    ["forwarder without its token", (p) => delete p.vantages.fwd.token, /^prof\.yaml: vantages\.fwd\.token: is required \(add it\)$/],
    ["forwarder token too short to be a secret", (p) => (p.vantages.fwd.token = "guessable"), /vantages\.fwd\.token: must be 16\.\.512 characters of A-Z a-z 0-9 \. _ ~ \+ \/ = - \(use the token/],
    ["forwarder token that would break a header", (p) => (p.vantages.fwd.token = "sample-admin-token\r\nx-a: 1"), /vantages\.fwd\.token: must be 16\.\.512 characters/],
    ["forwarder off loopback (it refuses any other Host)", (p) => (p.vantages.fwd.url = "http://10.0.0.5:8081/forward"), /vantages\.fwd\.url: admin endpoint http:\/\/10\.0\.0\.5:8081\/forward is not on a loopback address \(reach it through 127\.0\.0\.1, localhost or \[::1\]/],
    // The loopback rule reads the host as written (k6 has no URL parser to normalise it), so an
    // unusual spelling that WHATWG would map to 127.0.0.1 is refused too, never the reverse.
    ["forwarder on loopback spelled unusually (127.1)", (p) => (p.vantages.fwd.url = "http://127.1:8081/forward"), /vantages\.fwd\.url: admin endpoint http:\/\/127\.1:8081\/forward is not on a loopback address/],
    ["forwarder whose userinfo looks like loopback", (p) => (p.vantages.fwd.url = "http://127.0.0.1:80@evil.example/forward"), /vantages\.fwd\.url: admin endpoint .* is not on a loopback address/],
    ["forwarder whose backslash hides the real host", (p) => (p.vantages.fwd.url = "http://evil.example\\@127.0.0.1/forward"), /vantages\.fwd\.url: admin endpoint .* is not on a loopback address/],
    ["forwarder on a name that only starts like loopback", (p) => (p.vantages.fwd.url = "http://127.0.0.1.nip.io:8081/forward"), /vantages\.fwd\.url: admin endpoint .* is not on a loopback address/],
    ["StringMatch with two keys", (p) => (p.routing[0].rules[0].match.headers["x-a"] = { exact: "1", prefix: "2" }), /routing\[0\]\.rules\[0\]\.match\.headers\["x-a"\]: must set exactly one of: exact, prefix, regex/],
    ["empty StringMatch", (p) => (p.routing[0].rules[0].match.headers["x-a"] = {}), /headers\["x-a"\]: must set exactly one of: exact, prefix, regex/],
    ["StringMatch typo", (p) => (p.routing[0].rules[0].match.headers["x-a"] = { exakt: "1" }), /headers\["x-a"\]\.exakt: unknown field/],
    ["negative weight", (p) => (p.canary[0].weights = { v1: 100, v2: -10 }), /canary\[0\]\.weights\.v2: -10 is out of range: must be a number from 0 to 100 \(use a value in that range; every range is in harness\/profile\/README\.md\)$/],
    ["weight as a string", (p) => (p.canary[0].weights.v1 = "90"), /canary\[0\]\.weights\.v1: must be a number/],
    ["non-http URL", (p) => (p.canary[0].url = "ftp://x/"), /canary\[0\]\.url: must be an absolute http\(s\) URL/],
    ["unparseable URL", (p) => (p.routing[0].url = "http://[::1/"), /routing\[0\]\.url: not a valid URL/],
    ["lower-case method", (p) => (p.authz[0].deny[0].methods = ["post"]), /authz\[0\]\.deny\[0\]\.methods\[0\]: must be an upper-case HTTP method/],
    ["empty rules", (p) => (p.routing[0].rules = []), /routing\[0\]\.rules: must have at least 1 item/],
    ["weights not summing to 100", (p) => (p.canary[0].weights = { v1: 90, v2: 5 }), /^prof\.yaml: canary\[0\]\.weights: weights sum to 95, not 100 \(make the percentages add up to 100\)$/],
    ["undefined vantage", (p) => (p.authz[0].deny[0].vantage = "intruderr"), /authz\[0\]\.deny\[0\]\.vantage: vantage "intruderr" is not defined \(define it under vantages or use one of: outside, fwd, holder\)/],
    ["undefined control vantage", (p) => (p.mtls[0].control.vantage = "nope"), /mtls\[0\]\.control\.vantage: vantage "nope" is not defined/],
    ["https plaintext probe", (p) => (p.mtls[0].plaintext.url = "https://127.0.0.1:8081/"), /mtls\[0\]\.plaintext\.url: must be a plain http:\/\/ URL/],
    ["regex that does not compile", (p) => (p.routing[0].rules[0].match.headers["x-c"].regex = "v(1"), /routing\[0\]\.rules\[0\]\.match\.headers\["x-c"\]\.regex: regex does not compile/],
    ["missing tls key file", (p) => (p.vantages.holder.key = "certs/missing.key"), /vantages\.holder\.key: file not found: .*certs\/missing\.key/],
    ["duplicate names", (p) => p.canary.push({ ...p.canary[0] }), /canary\[1\]\.name: duplicate name "c"/],
    ["no check section", (p) => { for (const k of Object.keys(p)) if (Array.isArray(p[k])) delete p[k]; p.authz = []; }, /^prof\.yaml: \(root\): no check section \(add at least one of: routing, canary, mtls, authz, /],
    ["retries failRatio that proves nothing", (p) => (p.retries[0].failRatio = 0), /retries\[0\]\.failRatio: failRatio 0 proves nothing about retries/],
    ["retries attempts not an integer", (p) => (p.retries[0].attempts = 1.5), /retries\[0\]\.attempts: must be an integer/],
    ["timeout path without a slash", (p) => (p.timeouts[0].path = "delay/2000"), /timeouts\[0\]\.path: /],
    ["fault injection with neither abort nor delay", (p) => { delete p.faultInjection[0].abort; delete p.faultInjection[0].delay; }, /faultInjection\[0\]: neither abort nor delay/],
    ["fault abort percent over 100", (p) => (p.faultInjection[0].abort.percent = 120), /faultInjection\[0\]\.abort\.percent: 120 is out of range: must be a number from 0 to 100/],
    ["fault delay typo", (p) => (p.faultInjection[0].delay.fixedDelay = 200), /faultInjection\[0\]\.delay\.fixedDelay: unknown field/],
    ["undefined fault vantage", (p) => (p.faultInjection[0].vantage = "nope"), /faultInjection\[0\]\.vantage: vantage "nope" is not defined/],
    ["circuit breaking without a slot", (p) => (p.circuitBreaking[0].maxActive = 0), /circuitBreaking\[0\]\.maxActive: 0 is out of range: must be a whole number from 1 to 1000/],
    ["outlier detection with nothing failing", (p) => (p.outlierDetection[0].endpoints[1].failRatio = 0), /outlierDetection\[0\]\.endpoints: needs at least one failing/],
    ["outlier detection with one endpoint", (p) => p.outlierDetection[0].endpoints.pop(), /outlierDetection\[0\]\.endpoints: must have at least 2 item/],
    ["disruption budget over 1", (p) => (p.disruption[0].budget = 2), /disruption\[0\]\.budget: 2 is out of range: must be a number from 0 to 1/],
    ["disruption restart of an unknown kind (the restart kinds, not the vantage kinds)", (p) => (p.disruption[0].restart = { kind: "ssh", host: "x" }), /^prof\.yaml: disruption\[0\]\.restart\.kind: unknown kind "ssh" \(use one of: local, kubernetes\)$/],
    ["kubernetes restart without a deployment", (p) => delete p.disruption[1].restart.deployment, /disruption\[1\]\.restart/],
    ["local restart without its token", (p) => delete p.disruption[0].restart.token, /disruption\[0\]\.restart\.token: is required/],
    ["local restart off loopback", (p) => (p.disruption[0].restart.url = "http://mesh.example:9000/restart/ns/prod"), /disruption\[0\]\.restart\.url: admin endpoint .* is not on a loopback address/],
    ["not an object", (p) => (p.vantages = []), /vantages: must be an object/],
  ];
  for (const [name, edit, expected] of cases) {
    it(name, () => assert.match(errorOf(edit), expected));
  }

  it("accepts a forwarder on loopback written with capitals and userinfo (the host is what counts)", () => {
    const p = fullProfile() as unknown as Loose;
    p.vantages.fwd.url = "http://u@LOCALHOST:8081/forward";
    assert.doesNotThrow(() => validateProfile(p, "prof.yaml", { baseDir: dir }));
  });

  it("never repeats a token in its message (a profile error may be pasted into a ticket)", () => {
    const message = errorOf((p) => (p.vantages.fwd.token = "not a token but secret-ish"));
    assert.match(message, /vantages\.fwd\.token/);
    assert.ok(!message.includes("secret-ish"), message);
  });

  it("is a UsageError (exit code 2)", () => {
    const e = (() => { try { validateProfile({}, "x"); } catch (err) { return err; } })();
    assert.ok(e instanceof UsageError);
    assert.equal(e.exitCode, 2);
  });

  it("reports malformed YAML with line:col", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, "apiVersion: meshcheck/v1\nkind: TargetProfile\nvantages: { outside: { kind: direct }\nname: x\n");
    await assert.rejects(loadProfile(file), (e: Error) => e instanceof ProfileError && /bad\.yaml: \d+:\d+: malformed YAML\/JSON: /.test(e.message) && !e.message.includes("\n"));
  });

  it("reports malformed JSON with line:col", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, '{\n  "apiVersion": "meshcheck/v1",\n  "kind": "TargetProfile"\n  "name": "x"\n}\n');
    await assert.rejects(loadProfile(file), /bad\.json: 4:\d+: malformed YAML\/JSON/);
  });

  it("reports duplicate keys", async () => {
    const file = join(dir, "dup.yaml");
    await writeFile(file, stringify(fullProfile()) + "name: again\n");
    await assert.rejects(loadProfile(file), /dup\.yaml: \d+:\d+: malformed YAML\/JSON: .*unique/i);
  });

  it("reports a missing file and an empty file", async () => {
    await assert.rejects(loadProfile(join(dir, "nope.yaml")), /nope\.yaml: \(file\): no such file/);
    const file = join(dir, "empty.yaml");
    await writeFile(file, "# nothing\n");
    await assert.rejects(loadProfile(file), /empty\.yaml: \(root\): the file is empty/);
  });
});
