// The layering of the layer below the local mesh, measured on the import graph: expectations/
// reads the manifest model and the spec only (never the local mesh's enforcement code, so one
// bug cannot be in both the mesh and what it is checked against); manifests/ reads only spec/
// (the echo app beside it is handed in, as the reading of a Deployment's env); local-mesh/ never reaches up into harness/; the kind target derives its profile
// without local-mesh; and none of these folders has an import cycle.
import { strict as assert } from "node:assert";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ABOVE_MANIFESTS = "^(apps|expectations|local-mesh|harness|scenarios|bench|test)/";

const RULES = {
  forbidden: [
    { name: "expectations-reads-manifests-and-spec", severity: "error" as const, from: { path: "^expectations/" }, to: { path: "^(apps|local-mesh|harness|scenarios|bench|test)/" } },
    { name: "manifests-reads-nothing-above", severity: "error" as const, from: { path: "^manifests/" }, to: { path: ABOVE_MANIFESTS } },
    { name: "local-mesh-below-harness", severity: "error" as const, from: { path: "^local-mesh/" }, to: { path: "^(harness|scenarios|bench|test)/" } },
    { name: "kind-target-without-local-mesh", severity: "error" as const, from: { path: "^harness/targets/kind" }, to: { path: "^local-mesh/" } },
    { name: "no-cycle", severity: "error" as const, from: { path: "^(expectations|manifests|local-mesh)/" }, to: { circular: true } },
  ],
};

describe("layering: manifests/ → expectations/ → local-mesh/", function () {
  this.timeout(120_000);

  it("no import of these folders breaks the layering, and none is in a cycle", async () => {
    const out = await cruise(["expectations", "manifests", "local-mesh", "harness/targets/kind-profile.ts"], {
      baseDir: ROOT,
      validate: true,
      ruleSet: RULES,
      tsPreCompilationDeps: true,
      doNotFollow: { path: "node_modules" },
    });
    const result = out.output as ICruiseResult;
    const cruised = result.modules.filter((m) => /^(expectations|manifests)\//.test(m.source)).length;
    assert.ok(cruised >= 20, `cruised only ${cruised} files of expectations/ and manifests/`);
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(" → ")})` : ""}`);
    assert.deepEqual(violations, []);
  });
});
