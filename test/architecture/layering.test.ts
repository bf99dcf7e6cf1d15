// The import graph against the layering docs/architecture.md draws (.dependency-cruiser.cjs):
// zero cycles, no folder importing one above it, bench never importing test/. The second test
// runs the same rules on a scratch tree with one subtle breach of each kind, so a rule that
// silently matched nothing would show.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(".");
const DEPCRUISE = join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const TOP_FOLDERS = ["spec", "apps", "manifests", "expectations", "local-mesh", "scenarios", "harness", "bench", "bin"];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function violations(cwd: string, folders: string[]): Promise<Violation[]> {
  const { existsSync } = await import("node:fs");
  const present = folders.filter((f) => existsSync(join(cwd, f)));
  // depcruise exits non-zero when it finds violations; the JSON on stdout is what we read.
  const out = await run(process.execPath, [DEPCRUISE, ...present, "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { cwd, maxBuffer: 64 << 20, timeout: 120_000 }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      if (err.stdout) return { stdout: err.stdout };
      throw new Error(`dependency-cruiser failed: ${err.stderr ?? String(err)}`);
    },
  );
  const result = JSON.parse(out.stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

const show = (v: Violation[]) => v.map((x) => `${x.rule.name}: ${x.from} → ${x.to}`);

describe("architecture: the layering holds on the import graph", function () {
  // dependency-cruiser parses every source file: a few seconds, more on a loaded machine.
  this.timeout(180_000);

  it("has no cycles and no upward import", async () => {
    assert.deepEqual(show(await violations(ROOT, TOP_FOLDERS)), []);
  });

  it("catches a type-only upward import, a two-file cycle, local-mesh → harness and bench → test", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layering-"));
    try {
      const files: Record<string, string> = {
        "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowImportingTsExtensions: true, noEmit: true } }),
        "spec/outcome.ts": 'import type { Report } from "../harness/report.ts";\nexport type Key = Report["key"];\n',
        "harness/report.ts": 'export interface Report { key: string }\n',
        "harness/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
        "harness/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a;\n',
        "local-mesh/mesh.ts": 'import type { Report } from "../harness/report.ts";\nexport const r: Report | undefined = undefined;\n',
        "bench/x.ts": 'import { y } from "../test/y.ts";\nexport const x = y;\n',
        "test/y.ts": "export const y = 1;\n",
      };
      for (const [name, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), text);
      }
      await copyFile(join(ROOT, ".dependency-cruiser.cjs"), join(dir, ".dependency-cruiser.cjs"));
      const found = show(await violations(dir, TOP_FOLDERS)).sort();
      assert.deepEqual(found, [
        "bench-never-imports-tests: bench/x.ts → test/y.ts",
        "local-mesh-below-the-harness: local-mesh/mesh.ts → harness/report.ts",
        "no-cycles: harness/a.ts → harness/b.ts",
        "spec-is-the-bottom: spec/outcome.ts → harness/report.ts",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
