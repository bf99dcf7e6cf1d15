// kind/ is parsed once per run: preflight and the local mesh share the parse of a text. Shared by
// text, not by path, so an edited file is read as edited; and sharing changes no result.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseYaml, readManifestFile } from "../../manifests/yaml-documents.js";
import { readYamlText } from "../../harness/preflight/read-yaml.js";

const WORKLOADS = fileURLToPath(new URL("../../kind/manifests/20-workloads.yaml", import.meta.url));

describe("manifests: one parse of a YAML text per process", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "meshcheck-parse-once-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("preflight's reading and the mesh's reading of a kind/ file use one parse", () => {
    const text = readFileSync(WORKLOADS, "utf8");
    const first = parseYaml(text);
    readYamlText(text, "20-workloads.yaml");
    readManifestFile(WORKLOADS);
    assert.equal(parseYaml(text), first);
    // A copy of the text (another string with the same characters) finds it too.
    assert.equal(parseYaml(`${text} `.slice(0, -1)), first);
  });

  it("both readers read the shared parse (seen by marking it: each reads the mark)", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mark-${process.pid}\n`;
    const file = writeAndName(dir, text);
    const shared = parseYaml(text).docs[0]!;
    // Only for this test: a reader of its own parse would not see this change.
    shared.setIn(["metadata", "name"], "marked");
    assert.equal((readManifestFile(file)[0]!.value as { metadata: { name: string } }).metadata.name, "marked", "the mesh's reading");
    assert.equal((readYamlText(text, "a.yaml").docs[0]!.value as { metadata: { name: string } }).metadata.name, "marked", "preflight's reading");
  });

  it("an edited file is parsed again: the mesh reads what the file now says", () => {
    const file = join(dir, "a.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n");
    assert.deepEqual(readManifestFile(file).map((d) => d.value), [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "one" } }]);
    writeFileSync(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: two\n");
    assert.deepEqual(readManifestFile(file).map((d) => d.value), [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "two" } }]);
  });

  it("a shared parse gives each reader its own values and the same lines", () => {
    const text = "# a comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n---\nkind: ConfigMap\nbad: [\n";
    const pre = readYamlText(text, "x.yaml");
    const again = readYamlText(text, "x.yaml");
    assert.notEqual(pre.docs[0]?.value, again.docs[0]?.value, "a reader changing its values would change the other's");
    (pre.docs[0]!.value as { kind: string }).kind = "Changed";
    assert.equal((again.docs[0]!.value as { kind: string }).kind, "Namespace");
    assert.deepEqual(
      again.docs.map((d) => [d.line, d.lineOf(["metadata", "name"])]),
      [[2, 5]],
    );
    assert.deepEqual(again.findings.map((f) => [f.line, f.rule]), [[9, "yaml-syntax"]]);
    assert.throws(() => readManifestFile(writeAndName(dir, text)), (err: Error & { source?: { line: number } }) => err.source?.line === 9);
  });

  it("holds a bounded number of texts", () => {
    const first = parseYaml("a: 0\n");
    for (let i = 1; i <= 100; i++) parseYaml(`a: ${i}\n`);
    assert.notEqual(parseYaml("a: 0\n"), first, "the oldest text is still held after 100 others");
  });
});

function writeAndName(dir: string, text: string): string {
  const file = join(dir, "a.yaml");
  writeFileSync(file, text);
  return file;
}
