import assert from "node:assert/strict";
import { EnvError } from "../../scenarios/lib/env.js";
import { ProfileError } from "../../scenarios/lib/profile.js";
import { sendsOf, tlsPlan, tlsUrl } from "../../scenarios/lib/tls-plan.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const profile = (vantages: TargetProfile["vantages"], extra: Partial<TargetProfile> = {}): TargetProfile =>
  ({ name: "p", identify: [{ header: "x-dest" }], vantages, ...extra }) as unknown as TargetProfile;

const holder = { kind: "tls" as const, cert: "certs/client.pem", key: "/abs/client.key", ca: "certs/ca.pem" };
const mtls = (controlVantage: string, plaintextUrl: string) => ({ mtls: [{ name: "m", control: { vantage: controlVantage, url: "https://127.0.0.1:8443/" }, plaintext: { url: plaintextUrl } }] });

describe("scenarios/lib/tls-plan", () => {
  it("lists where each section sends from", () => {
    const p = profile({ holder }, { ...mtls("holder", "http://127.0.0.1:8080/"), authz: [{ name: "a", url: "https://h/", allow: [{ vantage: "holder", methods: ["GET"] }], deny: [{ vantage: "anon", methods: ["GET"] }] }] } as Partial<TargetProfile>);
    assert.deepEqual(sendsOf(p, ["mtls", "authz"]).map((s) => `${s.where} ${s.vantage ?? "direct"} ${s.url}`), [
      "mtls[0].control holder https://127.0.0.1:8443/",
      "mtls[0].plaintext direct http://127.0.0.1:8080/",
      "authz[0].allow[0] holder https://h/",
      "authz[0].deny[0] anon https://h/",
    ]);
  });

  it("plans the run's one tls vantage: files against the profile's directory, the CA through SSL_CERT_FILE", () => {
    const p = profile({ holder }, mtls("holder", "http://127.0.0.1:8080/") as Partial<TargetProfile>);
    assert.equal(tlsPlan(profile({ d: { kind: "direct" } }), [{ vantage: "d", url: "https://x/", where: "w" }], "/p/profile.json", {}), undefined);
    const plan = tlsPlan(p, sendsOf(p, ["mtls"]), "/p/profile.json", { SSL_CERT_FILE: "/p/certs/ca.pem" });
    assert.deepEqual(plan, { vantage: "holder", cert: "/p/certs/client.pem", key: "/abs/client.key", ca: "/p/certs/ca.pem", hosts: {} });
    assert.throws(
      () => tlsPlan(p, sendsOf(p, ["mtls"]), "/p/profile.json", {}),
      (e: unknown) => e instanceof EnvError && /^tls vantage holder: .*start it with SSL_CERT_FILE=\/p\/certs\/ca\.pem/.test((e as Error).message),
    );
    assert.throws(() => tlsPlan(p, sendsOf(p, ["mtls"]), "/p/profile.json", { SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" }), /SSL_CERT_FILE is \/etc\/ssl/);
  });

  it("refuses what k6 would get wrong: two tls vantages, or an anonymous https request in the same run", () => {
    const two = profile({ holder, other: { ...holder, cert: "other.pem" } });
    assert.throws(
      () => tlsPlan(two, [{ vantage: "holder", url: "https://a/", where: "x" }, { vantage: "other", url: "https://b/", where: "y" }], "/p/f.json", { SSL_CERT_FILE: "/p/certs/ca.pem" }),
      (e: unknown) => e instanceof ProfileError && /vantages holder and other: k6 presents one client certificate/.test((e as Error).message),
    );
    const mixed = profile({ holder, anon: { kind: "direct" } });
    const sends = [
      { vantage: "holder", url: "https://h/", where: "authz[0].allow[0]" },
      { vantage: "anon", url: "https://h/", where: "authz[0].deny[0]" },
    ];
    assert.throws(() => tlsPlan(mixed, sends, "/p/f.json", { SSL_CERT_FILE: "/p/certs/ca.pem" }), /^ProfileError: profile authz\[0\]\.deny\[0\]: sends over https from anon .* would present holder's certificate/);
    // Over http no certificate is ever presented: the mtls plaintext request stays anonymous.
    assert.ok(tlsPlan(mixed, [sends[0]!, { vantage: "anon", url: "http://h:8080/", where: "z" }], "/p/f.json", { SSL_CERT_FILE: "/p/certs/ca.pem" }));
  });

  it("carries the TLS server name in the URL, mapped back to the address with k6's hosts option", () => {
    const named = profile({ holder: { ...holder, servername: "gw.mesh.test" } });
    const sends = [{ vantage: "holder", url: "https://127.0.0.1:8443/a", where: "canary[0]" }];
    assert.deepEqual(tlsPlan(named, sends, "/p/f.json", { SSL_CERT_FILE: "/p/certs/ca.pem" })?.hosts, { "gw.mesh.test": "127.0.0.1" });
    assert.equal(tlsUrl("https://127.0.0.1:8443/a?b=1", undefined, "gw.mesh.test"), "https://gw.mesh.test:8443/a?b=1");
    // Without a servername the Host header names the server, as in the harness.
    assert.equal(tlsUrl("https://127.0.0.1:8443/a", "app.mesh.test", undefined), "https://app.mesh.test:8443/a");
    assert.equal(tlsUrl("https://app.mesh.test/a", undefined, undefined), "https://app.mesh.test/a");
    assert.throws(
      () => tlsPlan(named, [{ vantage: "holder", url: "https://gateway.example:8443/", where: "canary[0]" }], "/p/f.json", { SSL_CERT_FILE: "/p/certs/ca.pem" }),
      /canary\[0\]: tls vantage holder must present server name gw\.mesh\.test, but k6 takes it from the URL's host gateway\.example/,
    );
  });
});
