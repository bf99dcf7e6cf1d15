// The compiled CLI cache (bin/compiled-cli.js): a build is reused only while every source it
// was made from is unchanged, and sources that read files beside themselves still find them.
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, utimes, writeFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, freshBuild } from "../../bin/compiled-cli.js";

describe("compiled CLI cache", function () {
  this.timeout(30_000);
  let root: string;
  const write = (file: string, text: string) => writeFile(join(root, file), text);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "meshcheck-compiled-"));
    await mkdir(join(root, "harness", "cli"), { recursive: true });
    await write("tsconfig.json", "{}\n");
    await write("harness/cli/word.ts", 'export const word: string = "one";\n');
    await write("harness/cli/data.txt", "+data");
    await write(
      "harness/cli/main.ts",
      'import { readFileSync } from "node:fs";\nimport { word } from "./word.js";\nexport const out = word + readFileSync(new URL("./data.txt", import.meta.url), "utf8");\n',
    );
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("a build is fresh until a source changes, and a rebuild carries the change", async () => {
    assert.equal(freshBuild(root), undefined, "nothing built yet");
    const first = await build(root);
    assert.equal(freshBuild(root), first);
    assert.equal(((await import(first)) as { out: string }).out, "one+data");

    await write("harness/cli/word.ts", 'export const word: string = "two!";\n');
    assert.equal(freshBuild(root), undefined, "an edited source makes the build stale");
    const second = await build(root);
    assert.notEqual(second, first);
    assert.equal(((await import(second)) as { out: string }).out, "two!+data");
  });

  it("--help and --version compare only the entry chunk's sources: a change elsewhere waits for the command that loads it", async () => {
    // word.ts, shared with lazy.ts, lands in a chunk of its own that the entry imports.
    await write("harness/cli/lazy.ts", 'import { word } from "./word.js";\nexport const lazy: string = "lazy-one" + word;\n');
    await write(
      "harness/cli/main.ts",
      'import { word } from "./word.js";\nexport const out = word;\nexport const later = async () => (await import("./lazy.js")).lazy;\n',
    );
    const first = await build(root);
    assert.equal(freshBuild(root, { entryOnly: true }), first);

    await write("harness/cli/lazy.ts", 'import { word } from "./word.js";\nexport const lazy: string = "lazy-two" + word;\n');
    assert.equal(freshBuild(root), undefined, "a changed lazily imported source is stale for a command");
    assert.equal(freshBuild(root, { entryOnly: true }), first, "but not for what the entry chunk alone prints");

    await write("harness/cli/word.ts", 'export const word: string = "two!";\n');
    assert.equal(freshBuild(root, { entryOnly: true }), undefined, "a changed source of the entry chunk is stale for it too");
    const second = await build(root);
    assert.equal(((await import(second)) as { out: string }).out, "two!");
    assert.equal(await ((await import(second)) as { later: () => Promise<string> }).later(), "lazy-twotwo!");
    await write("tsconfig.json", '{ "compilerOptions": {} }\n');
    assert.equal(freshBuild(root, { entryOnly: true }), undefined, "tsconfig.json counts for every command");
  });

  it("a source with the same size but a new mtime is stale too", async () => {
    await build(root);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, "harness/cli/word.ts"), later, later);
    assert.equal(freshBuild(root), undefined);
  });

  it("a deleted source, or a changed tsconfig.json, makes the build stale", async () => {
    await build(root);
    await write("tsconfig.json", '{ "compilerOptions": {} }\n');
    assert.equal(freshBuild(root), undefined);
    await build(root);
    await unlink(join(root, "harness/cli/word.ts"));
    assert.equal(freshBuild(root), undefined);
  });
});
