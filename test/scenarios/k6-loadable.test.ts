// What k6 loads must run in k6: every runtime import of a scenario is a k6 module or a local
// .ts file given by its literal path (k6 resolves nothing else), and nothing on that graph
// imports a Node built-in or an npm package. Type-only imports are erased and may point anywhere.
// scenarios/lib/* and spec/** may import at run time only files in those two folders (spec/
// only spec/), by literal .ts path, so Node (the harness, these tests, through tsx) and the echo
// app's bundler load them as well.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import ts from "typescript";

// Every scenario file: the list is checked against scenarios/*.ts below, so a new one cannot be missed.
const SCENARIOS = ["routing", "canary", "mtls", "authz", "load", "disruption", "timeouts", "faults", "retries"];

function runtimeImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const s of src.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(s) ? s.importClause?.isTypeOnly === true : s.isTypeOnly;
      const clause = ts.isImportDeclaration(s) ? s.importClause : undefined;
      // `import { type A, type B }` is erased too (esbuild drops an import whose every binding is a type).
      const allTypes = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) && !clause.name && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly);
      if (!typeOnly && !allTypes) out.push(s.moduleSpecifier.text);
    }
  }
  return out;
}

function graph(entry: string): { files: string[]; problems: string[] } {
  const seen = new Set<string>();
  const problems: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec === "k6" || spec.startsWith("k6/")) continue;
      if (!spec.startsWith(".")) {
        problems.push(`${relative(".", file)} imports ${spec}: k6 has no Node built-ins or npm packages`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (!spec.endsWith(".ts") || !existsSync(target)) {
        problems.push(`${relative(".", file)} imports ${spec}: k6 needs the literal path of an existing .ts file`);
        continue;
      }
      visit(target);
    }
  };
  visit(resolve(entry));
  return { files: [...seen].map((f) => relative(".", f)), problems };
}

describe("scenarios are loadable by k6", () => {
  for (const name of SCENARIOS) {
    it(`${name}.ts imports only k6 modules and local .ts files`, () => {
      const { files, problems } = graph(`scenarios/${name}.ts`);
      assert.deepEqual(problems, []);
      assert.ok(files.includes("scenarios/lib/profile.ts"), "reads the profile through the shared lib");
    });
  }

  it("covers every scenario file", () => {
    const files = readdirSync("scenarios").filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
    assert.deepEqual([...files].sort(), [...SCENARIOS].sort());
  });

  // A file by its literal .ts path is the one runtime import every runtime loads: k6 as written,
  // Node through tsx (tsc: allowImportingTsExtensions), esbuild for the echo image. Anything else
  // (a k6 module, a .js path, a folder outside the allowed ones) would break one of them.
  const loadableByBoth = (from: string, spec: string, allowed: string[]) => {
    if (!spec.startsWith(".") || !spec.endsWith(".ts")) return false;
    const target = relative(".", resolve(dirname(from), spec));
    return existsSync(target) && allowed.some((dir) => target.startsWith(`${dir}/`));
  };
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));

  it("scenarios/lib and spec import nothing at run time but .ts files of their own (spec: spec only), so every runtime can load them", () => {
    for (const f of filesUnder("scenarios/lib")) assert.deepEqual(runtimeImports(f).filter((s) => !loadableByBoth(f, s, ["scenarios/lib", "spec"])), [], f);
    for (const f of filesUnder("spec")) assert.deepEqual(runtimeImports(f).filter((s) => !loadableByBoth(f, s, ["spec"])), [], f);
    const from = "scenarios/lib/env.ts";
    assert.deepEqual(
      ["./env.ts", "../../spec/knobs.ts", "./env.js", "k6/http", "../k6/send.ts", "./missing.ts"].filter((s) => !loadableByBoth(from, s, ["scenarios/lib", "spec"])),
      ["./env.js", "k6/http", "../k6/send.ts", "./missing.ts"],
    );
    assert.equal(loadableByBoth("spec/outcome.ts", "../scenarios/lib/env.ts", ["spec"]), false, "spec may not import scenarios/lib");
  });

  it("flags what k6 could not load (the check can fail)", () => {
    assert.deepEqual(runtimeImports("test/scenarios/k6-loadable.test.ts").slice(0, 2), ["node:assert/strict", "node:fs"]);
  });
});
