// A host in Istio config (a VirtualService's destination or hosts, a DestinationRule's host) is
// not a DNS name: Istio resolves a name without a dot in the config's namespace and takes any
// other host as written (ResolveShortnameToFQDN), so `svc.ns` names no Service there, though
// cluster DNS would resolve it. The local mesh must route it nowhere too, or a manifest that
// sends traffic into a 503 on a real cluster would pass here.
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { loadMesh } from "../../manifests/load.js";
import { destinationRuleFor } from "../../manifests/service-destination-rule.js";
import { viaGateway } from "./mesh-helpers.js";

const MANIFESTS = fileURLToPath(new URL("../../kind/manifests/", import.meta.url));

function copyWith(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  const edited = text.replace(from, to);
  assert.notEqual(edited, text, `the edit of ${file} changed nothing`);
  writeFileSync(path, edited);
}

describe("local mesh: hosts in Istio config resolve as Istio resolves them", function () {
  this.timeout(30_000);
  let dir: string;
  let mesh: LocalMesh | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-config-hosts-"));
    cpSync(MANIFESTS, dir, { recursive: true });
    copyWith(dir, "41-routing.yaml", "host: workshop-app-dev\n", "host: workshop-app-dev.workshop-app\n");
    copyWith(dir, "41-routing.yaml", "host: workshop-app-prod\n", "host: workshop-app-prod.workshop-app.svc.cluster.local\n");
    mesh = await startLocalMesh({ manifestsDir: dir });
  });
  after(async () => {
    await mesh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a destination `svc.ns` routes to no Service: 503, where cluster DNS would have found one", async () => {
    const dev = await viaGateway(mesh!, "workshop-app.local", { "x-env": "dev" });
    assert.equal(dev.status, 503, JSON.stringify(dev));
  });

  it("a destination `svc.ns.svc.cluster.local` is the Service", async () => {
    const prod = await viaGateway(mesh!, "workshop-app.local");
    assert.deepEqual([prod.status, prod.version], [200, "prod"]);
  });

  it("a DestinationRule whose host is `svc.ns` applies to no Service; the short name and the FQDN do", () => {
    for (const [host, applies] of [["workshop-breaker", true], ["workshop-breaker.workshop-app.svc.cluster.local", true], ["workshop-breaker.workshop-app", false], ["workshop-breaker.workshop-app.svc", false]] as const) {
      const model = loadMesh();
      const dr = model.destinationRules.find((d) => d.host === "workshop-breaker");
      assert.ok(dr, "the manifests have the breaker's DestinationRule");
      dr.host = host;
      const svc = model.services.find((s) => s.name === "workshop-breaker")!;
      assert.equal(destinationRuleFor(model, svc) !== undefined, applies, host);
    }
  });
});
