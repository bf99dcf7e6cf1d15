// The local mesh reads each Deployment's env through the echo entrypoint's own config (the
// loader itself sits below the echo app and is handed that reading): a copy of the manifests
// whose pod would crash-loop does not start, naming the env entry.
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalMesh } from "../../local-mesh/index.js";
import { loadMesh } from "../../manifests/load.js";

const MANIFESTS = fileURLToPath(new URL("../../kind/manifests/", import.meta.url));

describe("local mesh: the echo app's reading of each Deployment's env", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-app-env-"));
    cpSync(MANIFESTS, dir, { recursive: true });
    const file = join(dir, "20-workloads.yaml");
    const text = readFileSync(file, "utf8");
    const bad = text.replace("              value: v2\n", "              value: bogus\n");
    assert.notEqual(bad, text, "the edit changed nothing");
    writeFileSync(file, bad);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a VERSION the echo refuses stops the start with file:line of the env entry", async () => {
    await assert.rejects(startLocalMesh({ manifestsDir: dir }), (err: unknown) => {
      assert.ok(err instanceof Error && err.name === "ManifestError", String(err));
      assert.match(err.message, /20-workloads\.yaml:\d+: Deployment workshop-app\/workshop-app-v2: .*env\[\d+\]\.value: the echo container would exit 2 at start \(CrashLoopBackOff\): VERSION must be one of/);
      return true;
    });
  });

  it("the loader alone, handed no reading of the env, does not judge it", () => {
    assert.equal(loadMesh({ manifestsDir: dir }).workloads.find((w) => w.name === "workshop-app-v2")?.env.VERSION, "bogus");
  });
});
