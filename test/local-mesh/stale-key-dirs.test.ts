// kill -9 skips the local mesh's cleanup and left its 0700 key directory in the temp dir; the
// next start removes such directories — only ours, and only when their process is gone.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalCa } from "../../local-mesh/runtime/ca.js";
import { removeStaleKeyDirs } from "../../local-mesh/runtime/stale-key-dirs.js";

const CA = fileURLToPath(new URL("../../local-mesh/runtime/ca.ts", import.meta.url));

/** The pid of a process that has exited (and been reaped), so it is certainly not running. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  assert.equal(r.status, 0);
  return r.pid!;
}

describe("stale key directories", function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "meshcheck-stale-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removes a dead process's key dir, and leaves live, foreign, unnamed and non-directory entries", async () => {
    const dead = join(root, `meshcheck-keys-${deadPid()}-abc123`);
    const live = join(root, `meshcheck-keys-${process.pid}-def456`);
    const parentLive = join(root, `meshcheck-keys-${process.ppid}-ghi789`);
    const legacy = join(root, "meshcheck-keys-Xy12Zq");
    const other = join(root, `other-keys-${deadPid()}-abc123`);
    const file = join(root, `meshcheck-keys-${deadPid()}-fil123`);
    const link = join(root, `meshcheck-keys-${deadPid()}-lnk123`);
    for (const d of [dead, live, parentLive, legacy, other]) await mkdir(d);
    await writeFile(join(dead, "ca.pem"), "x");
    await writeFile(file, "x");
    await symlink(live, link);
    const removed = await removeStaleKeyDirs(root);
    assert.deepEqual(removed, [dead]);
    assert.deepEqual((await readdir(root)).sort(), [live, parentLive, legacy, other, file, link].map((p) => p.slice(root.length + 1)).sort());
  });

  it("a local CA killed with SIGKILL leaves its dir; the next CA removes it", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", `const { createLocalCa } = await import(${JSON.stringify(CA)}); const ca = await createLocalCa("cluster.local"); console.log(ca.dir); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
    const dir = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`child exited ${code} before printing its key dir`)));
    });
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    assert.ok(existsSync(dir), "kill -9 skips dispose(): the dir is left behind");
    const ca = await createLocalCa("cluster.local");
    try {
      assert.ok(!existsSync(dir), `the next start removes ${dir}`);
      assert.match(ca.dir, new RegExp(`meshcheck-keys-${process.pid}-`));
    } finally {
      await ca.dispose();
    }
  });
});
