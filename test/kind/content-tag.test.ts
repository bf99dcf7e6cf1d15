// The echo image's tag is a hash of its build context (kind/scripts/content-hash.js): the same
// files give the same tag, so re-running make cluster restarts nothing; any edited, added,
// removed or renamed file gives another, so the applied manifests change and the pods roll.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HASH = fileURLToPath(new URL("../../kind/scripts/content-hash.js", import.meta.url));

function hash(root: string, ...paths: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("node", [HASH, root, ...paths], { timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim())));
  });
}

describe("echo image tag: a hash of the build context", function () {
  this.timeout(30_000);
  let root: string;
  const context = ["Dockerfile", "package.json", "src"];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "meshcheck-context-"));
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "Dockerfile"), "FROM node:26-trixie-slim\n");
    writeFileSync(join(root, "package.json"), "{}\n");
    writeFileSync(join(root, "src/main.ts"), "console.log(1);\n");
    writeFileSync(join(root, "outside.txt"), "not in the context\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is stable for the same files, and ignores files outside the context", async () => {
    const first = await hash(root, ...context);
    assert.match(first, /^[0-9a-f]{64}$/);
    writeFileSync(join(root, "outside.txt"), "changed\n");
    assert.equal(await hash(root, ...context), first);
    assert.equal(await hash(root, "src", "package.json", "Dockerfile"), first, "order of the arguments does not matter");
  });

  it("changes with an edited, added, removed or renamed file", async () => {
    const seen = new Set([await hash(root, ...context)]);
    const step = async (what: string, change: () => void) => {
      change();
      const h = await hash(root, ...context);
      assert.ok(!seen.has(h), `${what}: same tag as before`);
      seen.add(h);
    };
    await step("edit", () => writeFileSync(join(root, "src/main.ts"), "console.log(2);\n"));
    await step("add", () => writeFileSync(join(root, "src/extra.ts"), ""));
    await step("rename", () => renameSync(join(root, "src/extra.ts"), join(root, "src/other.ts")));
    await step("remove", () => rmSync(join(root, "src/main.ts")));
    await step("base image", () => writeFileSync(join(root, "Dockerfile"), "FROM node:24-trixie-slim\n"));
  });

  it("a path that does not exist: exit non-zero, not a tag", async () => {
    await assert.rejects(hash(root, "nope"), /ENOENT/);
  });
});
