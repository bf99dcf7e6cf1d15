// The local mesh end to end over real sockets, from kind/manifests: routing, the per-request
// canary split, STRICT mTLS, identities seen by the app, authorization, and a clean stop.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { Client } from "undici";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { validateProfile } from "../../harness/profile/validate.js";
import { V1_URL, connectOutcome, portOf, rawPlaintext, splitOverOneConnection, viaGateway, viaVantage, withinSigma } from "./mesh-helpers.js";

const APP_ID = "spiffe://cluster.local/ns/workshop-app/sa/workshop-app";
const GATEWAY_ID = "spiffe://cluster.local/ns/istio-system/sa/istio-ingress";

describe("local mesh (kind/manifests, no faults)", () => {
  let mesh: LocalMesh;
  before(async () => {
    mesh = await startLocalMesh();
  });
  after(async () => {
    await mesh?.stop();
  });

  it("produces a profile the harness accepts", () => {
    const p = validateProfile(structuredClone(mesh.profile), "local-mesh");
    assert.deepEqual(Object.keys(p.vantages).sort(), ["cert-holder", "intruder", "outside", "outsider", "workshop-app"]);
  });

  describe("gateway routing", () => {
    it("x-env: dev goes to dev; absent or other values go to prod", async () => {
      assert.equal((await viaGateway(mesh, "workshop-app.local", { "x-env": "dev" })).version, "dev");
      assert.equal((await viaGateway(mesh, "workshop-app.local")).version, "prod");
      assert.equal((await viaGateway(mesh, "workshop-app.local", { "x-env": "staging" })).version, "prod");
      assert.equal((await viaGateway(mesh, "workshop-app.local:80", { "x-env": "DEV" })).version, "prod");
    });

    it("header names match case-insensitively", async () => {
      assert.equal((await viaGateway(mesh, "workshop-app.local", { "X-Env": "dev" })).version, "dev");
    });

    it("the gateway reaches the pod over mTLS with its own identity", async () => {
      const r = await viaGateway(mesh, "workshop-app.local");
      assert.equal((JSON.parse(r.body) as { caller?: { uri: string } }).caller?.uri, GATEWAY_ID);
    });

    it("no matching host: 404 with an empty body", async () => {
      const r = await viaGateway(mesh, "nobody.local");
      assert.equal(r.status, 404);
      assert.equal(r.body, "");
    });

    it("splits 90/10 per request, over one keep-alive connection", async () => {
      const n = 600;
      const { counts, connects } = await splitOverOneConnection(mesh, "canary.workshop-app.local", n);
      assert.equal(connects, 1);
      assert.deepEqual(Object.keys(counts).sort(), ["v1", "v2"]);
      assert.ok(withinSigma(counts.v2 ?? 0, n, 0.1), `v2 got ${counts.v2} of ${n}`);
    });
  });

  describe("mTLS (STRICT)", () => {
    it("plaintext from outside the mesh gets no HTTP answer (reset)", async () => {
      const out = await viaVantage(mesh, "outsider", V1_URL);
      assert.equal(out.ok, false);
      assert.ok(!out.ok && ["ECONNRESET", "EOF"].includes(out.error), JSON.stringify(out));
      const raw = await rawPlaintext(portOf(mesh.addresses["workshop-app/workshop-app-v1"]));
      assert.equal(raw.bytes, 0);
      assert.equal(raw.error, "ECONNRESET");
    });

    it("TLS without a client certificate is refused", async () => {
      const ca = readFileSync((mesh.profile.vantages["cert-holder"] as { ca: string }).ca, "utf8");
      const client = new Client(mesh.addresses["workshop-app/workshop-app-v1"]!.replace("http:", "https:"), {
        connect: { ca, checkServerIdentity: () => undefined },
      });
      try {
        await assert.rejects(async () => (await client.request({ path: "/", method: "GET" })).body.text());
      } finally {
        await client.destroy();
      }
    });

    it("an in-mesh caller's SPIFFE ID reaches the app in XFCC, and a forged XFCC is dropped", async () => {
      const out = await viaVantage(mesh, "workshop-app", V1_URL, { headers: { "x-forwarded-client-cert": "URI=spiffe://evil/ns/x/sa/y" } });
      assert.ok(out.ok && out.status === 200, JSON.stringify(out));
      assert.equal(out.echo?.caller?.uri, APP_ID);
      assert.match(out.echo?.caller?.raw ?? "", /^By=spiffe:\/\/cluster\.local\/ns\/workshop-app\/sa\/workshop-app;Hash=[0-9a-f]{64};Subject="";URI=/);
      assert.doesNotMatch(JSON.stringify(out.echo?.headers), /evil/);
    });

    it("the cert-holder files are a CA-signed client cert with a SPIFFE URI SAN", async () => {
      const v = mesh.profile.vantages["cert-holder"];
      assert.ok(v && v.kind === "tls");
      const cert = new X509Certificate(readFileSync(v.cert));
      assert.ok(cert.verify(new X509Certificate(readFileSync(v.ca)).publicKey));
      assert.equal(cert.subjectAltName, "URI:spiffe://cluster.local/ns/outside/sa/cert-holder");
      assert.equal(statSync(mesh.keyDir).mode & 0o777, 0o700);
      // Its identity is not allowed by the GET-only policy: mTLS accepted, then RBAC says no.
      const client = new Client(mesh.addresses["workshop-app/workshop-app-v1"]!.replace("http:", "https:"), {
        connect: {
          ca: readFileSync(v.ca),
          cert: readFileSync(v.cert),
          key: readFileSync(v.key),
          checkServerIdentity: (_h, c) => (c.subjectaltname === `URI:${APP_ID}` ? undefined : new Error(c.subjectaltname)),
        },
      });
      try {
        const r = await client.request({ path: "/", method: "GET" });
        assert.equal(r.statusCode, 403);
        assert.equal(await r.body.text(), "RBAC: access denied");
      } finally {
        await client.close();
      }
    });
  });

  describe("authorization (GET only, workshop-app identity)", () => {
    it("GET from workshop-app is allowed", async () => {
      const out = await viaVantage(mesh, "workshop-app", V1_URL);
      assert.ok(out.ok && out.status === 200 && out.echo?.version === "v1", JSON.stringify(out));
    });

    it("POST from workshop-app and GET from intruder get 403 RBAC: access denied", async () => {
      for (const [vantage, method] of [["workshop-app", "POST"], ["intruder", "GET"]] as const) {
        const out = await viaVantage(mesh, vantage, V1_URL, { method });
        assert.ok(out.ok, JSON.stringify(out));
        assert.equal(out.status, 403, `${vantage} ${method}`);
        assert.equal(out.body, "RBAC: access denied");
      }
    });

    it("an unknown host from a sidecar gets 502 (blackhole); a short name resolves in the caller's namespace", async () => {
      const unknown = await viaVantage(mesh, "workshop-app", "http://nowhere.workshop-app:8080/");
      assert.ok(unknown.ok && unknown.status === 502, JSON.stringify(unknown));
      const short = await viaVantage(mesh, "workshop-app", "http://workshop-app-dev:8080/");
      assert.ok(short.ok && short.echo?.version === "dev", JSON.stringify(short));
    });
  });
});

describe("local mesh lifecycle", () => {
  it("after stop every port refuses connections and the key dir is gone", async () => {
    const mesh = await startLocalMesh();
    const ports = Object.values(mesh.addresses).map(portOf);
    assert.ok(ports.length > 10);
    assert.ok(existsSync(mesh.keyDir));
    // Hold a keep-alive connection open across stop: it must not keep anything alive.
    await viaGateway(mesh, "workshop-app.local");
    await mesh.stop();
    await mesh.stop(); // idempotent
    assert.equal(existsSync(mesh.keyDir), false);
    const outcomes = await Promise.all(ports.map(connectOutcome));
    assert.deepEqual(new Set(outcomes), new Set(["ECONNREFUSED"]));
  });

  it("bad input is one clear line, and nothing is left running", async () => {
    await assert.rejects(startLocalMesh({ faults: ["chaos"] }), (e: Error) => e.name === "FaultError" && !e.message.includes("\n"));
    await assert.rejects(startLocalMesh({ faults: ["down=nope"] }), /down=nope: no such workload/);
    await assert.rejects(startLocalMesh({ manifestsDir: "/nonexistent/manifests" }), (e: Error) => {
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
  });
});
