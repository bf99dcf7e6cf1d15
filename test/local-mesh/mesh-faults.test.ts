// Each fault breaks exactly the behaviour it names (and the profile keeps stating what the
// manifests expect, which is how a check proves it can fail).
import assert from "node:assert/strict";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { V1_URL, portOf, rawPlaintext, splitOverOneConnection, viaGateway, viaVantage, withinSigma } from "./mesh-helpers.js";

const APP_ID = "spiffe://cluster.local/ns/workshop-app/sa/workshop-app";

function withMesh(faults: string[], body: (mesh: () => LocalMesh) => void): void {
  describe(`fault ${faults.join(" ")}`, () => {
    let mesh: LocalMesh;
    before(async () => {
      mesh = await startLocalMesh({ faults });
    });
    after(async () => {
      await mesh?.stop();
    });
    body(() => mesh);
  });
}

describe("local mesh faults", () => {
  withMesh(["header-routing-off"], (mesh) => {
    it("x-env: dev goes to prod; the canary host still splits; the profile still expects dev", async () => {
      assert.equal((await viaGateway(mesh(), "workshop-app.local", { "x-env": "dev" })).version, "prod");
      const canary = await viaGateway(mesh(), "canary.workshop-app.local");
      assert.ok(canary.version === "v1" || canary.version === "v2");
      assert.equal(mesh().profile.routing?.[0]?.rules[0]?.destination, "dev");
    });
  });

  withMesh(["canary-weights=50/50"], (mesh) => {
    it("the split follows the faulted weights while the profile keeps 90/10", async () => {
      const n = 200;
      const { counts } = await splitOverOneConnection(mesh(), "canary.workshop-app.local", n);
      assert.ok(withinSigma(counts.v2 ?? 0, n, 0.5), `v2 got ${counts.v2} of ${n}`);
      assert.ok(!withinSigma(counts.v2 ?? 0, n, 0.1), "indistinguishable from 90/10");
      assert.deepEqual(mesh().profile.canary?.[0]?.weights, { v1: 90, v2: 10 });
      assert.equal((await viaGateway(mesh(), "workshop-app.local", { "x-env": "dev" })).version, "dev");
    });
  });

  withMesh(["mtls-permissive"], (mesh) => {
    it("plaintext gets an HTTP answer (RBAC still denies it: no principal); mTLS callers unchanged", async () => {
      const out = await viaVantage(mesh(), "outsider", V1_URL);
      assert.ok(out.ok && out.status === 403 && out.body === "RBAC: access denied", JSON.stringify(out));
      const raw = await rawPlaintext(portOf(mesh().addresses["workshop-app/workshop-app-v1"]));
      assert.ok(raw.bytes > 0 && raw.error === undefined, JSON.stringify(raw));
      const inMesh = await viaVantage(mesh(), "workshop-app", V1_URL);
      assert.ok(inMesh.ok && inMesh.status === 200 && inMesh.echo?.caller?.uri === APP_ID, JSON.stringify(inMesh));
    });
  });

  withMesh(["mtls-permissive", "authz-off"], (mesh) => {
    it("with both off, plaintext reaches the app, which sees no caller identity", async () => {
      const out = await viaVantage(mesh(), "outsider", V1_URL);
      assert.ok(out.ok && out.status === 200 && out.echo?.version === "v1", JSON.stringify(out));
      assert.equal(out.echo?.caller, undefined);
    });
  });

  withMesh(["authz-off"], (mesh) => {
    it("POST and intruder are allowed; STRICT still resets plaintext", async () => {
      const post = await viaVantage(mesh(), "workshop-app", V1_URL, { method: "POST" });
      assert.ok(post.ok && post.status === 200, JSON.stringify(post));
      const intruder = await viaVantage(mesh(), "intruder", V1_URL);
      assert.ok(intruder.ok && intruder.status === 200, JSON.stringify(intruder));
      const plain = await viaVantage(mesh(), "outsider", V1_URL);
      assert.equal(plain.ok, false);
    });
  });

  withMesh(["down=workshop-app-prod"], (mesh) => {
    it("the prod route answers 503 no healthy upstream; dev is unaffected", async () => {
      const r = await viaGateway(mesh(), "workshop-app.local");
      assert.equal(r.status, 503);
      assert.equal(r.body, "no healthy upstream");
      assert.equal((await viaGateway(mesh(), "workshop-app.local", { "x-env": "dev" })).version, "dev");
      const inMesh = await viaVantage(mesh(), "workshop-app", "http://workshop-app-prod.workshop-app:8080/");
      assert.ok(inMesh.ok && inMesh.status === 503 && inMesh.body === "no healthy upstream", JSON.stringify(inMesh));
      assert.equal(mesh().addresses["workshop-app/workshop-app-prod"], undefined);
    });
  });
});
