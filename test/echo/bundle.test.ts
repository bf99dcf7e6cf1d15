import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GOOD_ENV, runNode } from "./child.js";
import { get } from "./helpers.js";

const BUNDLE_SCRIPT = fileURLToPath(new URL("../../apps/echo/bundle.js", import.meta.url));

// The container runs the esbuild bundle, not the sources: prove the Dockerfile's build step
// produces a file that serves and stops cleanly with nothing but node.
describe("echo container bundle (apps/echo/bundle.js)", function () {
  // Child processes start tsx/esbuild: allow for a loaded 2-core machine (a hang guard, not a speed test).
  this.timeout(30_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "echo-bundle-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("builds one file that serves and exits 0 on SIGTERM", async () => {
    const outfile = join(dir, "echo.cjs");
    const build = runNode([BUNDLE_SCRIPT, outfile], {});
    assert.equal(await build.exited, 0, build.stderr());

    const child = runNode([outfile], { ...GOOD_ENV, VERSION: "v2" });
    try {
      const m = await child.waitFor(/listening port=(\d+) adminPort=(\d+)/);
      const answer = await get(Number(m[1]), "/bundled");
      assert.equal(answer.status, 200);
      assert.equal(answer.headers["x-version"], "v2");
      child.proc.kill("SIGTERM");
      assert.equal(await child.exited, 0, child.stderr());
    } finally {
      if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
      await child.exited;
    }
  });
});
