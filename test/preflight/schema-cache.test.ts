// The Gateway API schema verdict cache: a hit skips the validators; every input it depends on
// (CRD bytes, CRD files, the code, the document) misses when changed; a corrupt or foreign cache
// file is ignored. Run against a small CRD of its own, so a changed schema changes the verdict.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrdValidators } from "../../harness/preflight/gateway-api-crds.js";
import { CachedSchemaCheck, codeInputs, type SchemaCacheOptions } from "../../harness/preflight/schema-cache.js";

const crd = (maxSize: number) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    plural: widgets
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion:
            type: string
          kind:
            type: string
          metadata:
            type: object
          spec:
            type: object
            properties:
              size:
                type: integer
                maximum: ${maxSize}
`;

const widget = (size: number) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size } });

describe("preflight: the Gateway API schema verdict cache", () => {
  let root: string;
  let crdDir: string;
  let cacheDir: string;
  let made: number;
  const check = (extra: Partial<SchemaCacheOptions> = {}) =>
    new CachedSchemaCheck({
      crdDir,
      cacheDir,
      code: ["ajv@1", "source text"],
      validators: (dir) => {
        made++;
        return new CrdValidators(dir);
      },
      ...extra,
    });
  /** One run's verdict on `obj`, saved as a run saves it. */
  const run = (obj: Record<string, unknown>, extra: Partial<SchemaCacheOptions> = {}) => {
    const c = check(extra);
    const v = c.verdict(obj);
    c.save();
    return v;
  };
  const problemsOf = (v: ReturnType<typeof run>) => ("problems" in v ? v.problems.map((p) => p.message) : `not served: ${String(v.served)}`);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "meshcheck-schema-cache-"));
    crdDir = join(root, "crds");
    cacheDir = join(root, "cache");
    mkdirSync(crdDir);
    writeFileSync(join(crdDir, "widgets.yaml"), crd(10));
    made = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("a second run with the same inputs takes the verdicts from the file, without compiling", () => {
    assert.deepEqual(problemsOf(run(widget(7))), []);
    assert.deepEqual(problemsOf(run(widget(70))), ["/spec/size must be <= 10"]);
    assert.equal(made, 2);
    assert.deepEqual(problemsOf(run(widget(7))), []);
    assert.deepEqual(problemsOf(run(widget(70))), ["/spec/size must be <= 10"]);
    assert.equal(made, 2, "a hit made validators");
    assert.equal(readdirSync(cacheDir).length, 1);
  });

  it("keeps 'no CRD serves this' apart from 'no problems'", () => {
    const other = { ...widget(1), apiVersion: "example.com/v2" };
    assert.deepEqual(run(other), { served: ["example.com/v1"] });
    assert.deepEqual(run({ ...widget(1), kind: "Gadget" }), { served: undefined });
    assert.deepEqual(run(other), { served: ["example.com/v1"] });
    assert.deepEqual(run({ ...widget(1), kind: "Gadget" }), { served: undefined });
    assert.equal(made, 2);
  });

  it("a changed CRD file misses: the pass cached under the old schema becomes the new schema's failure", () => {
    assert.deepEqual(problemsOf(run(widget(7))), []);
    writeFileSync(join(crdDir, "widgets.yaml"), crd(5));
    assert.deepEqual(problemsOf(run(widget(7))), ["/spec/size must be <= 5"]);
    assert.equal(made, 2);
  });

  it("a CRD file added or renamed misses", () => {
    run(widget(7));
    writeFileSync(join(crdDir, "gadgets.yaml"), crd(10).replaceAll("Widget", "Gadget").replaceAll("widgets", "gadgets"));
    run(widget(7));
    assert.equal(made, 2, "added file");
    rmSync(join(crdDir, "gadgets.yaml"));
    writeFileSync(join(crdDir, "widgets2.yaml"), crd(10));
    rmSync(join(crdDir, "widgets.yaml"));
    run(widget(7));
    assert.equal(made, 3, "renamed file");
  });

  it("changed code (a library version, the validating source) misses", () => {
    run(widget(7));
    run(widget(7), { code: ["ajv@2", "source text"] });
    assert.equal(made, 2, "library version");
    run(widget(7), { code: ["ajv@1", "source text changed"] });
    assert.equal(made, 3, "source");
  });

  it("a changed document misses, also where JSON would not tell the values apart", () => {
    run(widget(7));
    assert.deepEqual(problemsOf(run(widget(8))), []);
    assert.equal(made, 2);
    // JSON writes Infinity as null and would key both documents alike.
    const withNull = { ...widget(1), spec: { size: null } };
    const withInfinity = { ...widget(1), spec: { size: Number.POSITIVE_INFINITY } };
    assert.deepEqual(problemsOf(run(withNull)), ["/spec/size must be integer"]);
    assert.deepEqual(problemsOf(run(withInfinity)), ["/spec/size must be <= 10"]);
    assert.equal(made, 4);
  });

  it("a corrupt, truncated, foreign or ill-shaped cache file is ignored and replaced", () => {
    run(widget(70));
    const [name] = readdirSync(cacheDir);
    assert.ok(name);
    const file = join(cacheDir, name);
    const good = readFileSync(file, "utf8");
    const parsed = JSON.parse(good) as { key: string; verdicts: Record<string, unknown> };
    const passing = { ...parsed, verdicts: Object.fromEntries(Object.keys(parsed.verdicts).map((k) => [k, { problems: [{ path: [], message: 1 }] }])) };
    const foreign = { ...parsed, key: "0".repeat(64), verdicts: Object.fromEntries(Object.keys(parsed.verdicts).map((k) => [k, { problems: [] }])) };
    for (const [what, text] of [
      ["not JSON", "{{{"],
      ["truncated", good.slice(0, good.length - 5)],
      ["another key's file", JSON.stringify(foreign)],
      ["an entry of the wrong shape", JSON.stringify(passing)],
      ["no verdicts", JSON.stringify({ key: parsed.key })],
    ] as const) {
      writeFileSync(file, text);
      const before = made;
      assert.deepEqual(problemsOf(run(widget(70))), ["/spec/size must be <= 10"], what);
      assert.equal(made, before + 1, `${what}: not recomputed`);
      assert.equal(readFileSync(file, "utf8"), good, `${what}: not replaced`);
    }
  });

  it("without a cache folder, or when it cannot be written, every verdict is computed and correct", () => {
    run(widget(70), { cacheDir: undefined });
    run(widget(70), { cacheDir: undefined });
    assert.equal(made, 2);
    writeFileSync(join(root, "a-file"), "");
    const unwritable = join(root, "a-file", "cache");
    assert.deepEqual(problemsOf(run(widget(70), { cacheDir: unwritable })), ["/spec/size must be <= 10"]);
    assert.deepEqual(problemsOf(run(widget(70), { cacheDir: unwritable })), ["/spec/size must be <= 10"]);
    assert.equal(made, 4);
  });

  it("the default code inputs name ajv's and yaml's versions and hold the validating source", () => {
    const code = codeInputs();
    assert.ok(code);
    assert.match(code[0] ?? "", /^ajv@\d+\.\d+\.\d+$/);
    assert.match(code[1] ?? "", /^yaml@\d+\.\d+\.\d+$/);
    assert.ok(code.some((c) => c.includes("function strictFields")), "gateway-api-crds.ts's text");
  });
});
