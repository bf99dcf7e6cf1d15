import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { GOOD_ENV, runNode } from "./child.js";
import { forwardOk, heldTarget } from "./fixtures.js";
import { get } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../apps/echo/src/main.ts", import.meta.url));

const runMain = (env: Record<string, string>): ReturnType<typeof runNode> => runNode(["--import", "tsx", MAIN], env);


describe("echo main.ts as a process", function () {
  // Child processes start tsx/esbuild: allow for a loaded 2-core machine (a hang guard, not a speed test).
  this.timeout(30_000);
  it("serves from env, drains on SIGTERM with a request in flight, and exits 0", async () => {
    const target = await heldTarget("finished after SIGTERM");
    const { reached, release } = target;
    const child = runMain(GOOD_ENV);
    try {
      const m = await child.waitFor(/listening port=(\d+) adminPort=(\d+)/);
      const port = Number(m[1]);
      const adminPort = Number(m[2]);

      const hello = await get(port, "/");
      assert.equal(hello.status, 200);
      assert.equal(hello.headers["x-version"], "prod");
      assert.equal((JSON.parse(hello.text) as { pod: string }).pod, "workshop-app-prod-0");

      // A forward held open by the target is a request in flight we can see arrive.
      const forwarding = forwardOk(adminPort, { url: `http://127.0.0.1:${target.port}/`, count: 1, timeoutMs: 10_000 });
      await reached;
      child.proc.kill("SIGTERM");
      await child.waitFor(/SIGTERM: draining/);
      release();
      const answer = await forwarding;
      assert.deepEqual(answer.outcomes.map((o) => o.ok && o.body), ["finished after SIGTERM"]);
      assert.equal(await child.exited, 0, child.stderr());
    } finally {
      release();
      if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
      await child.exited;
      await target.close();
    }
  });

  it("refuses to start without ADMIN_TOKEN: exit 2, one line, no admin port anyone could call", async () => {
    const { ADMIN_TOKEN: _token, ...env } = GOOD_ENV;
    const child = runMain(env);
    assert.equal(await child.exited, 2);
    assert.equal(child.stderr().trim(), "echo: bad environment: ADMIN_TOKEN is required (the secret the forwarder asks for in x-meshcheck-token; on kind the Secret meshcheck-admin)");
  });

  it("exits 2 with one clear stderr line on bad environment", async () => {
    const child = runMain({ ...GOOD_ENV, VERSION: "v3", FAILURE_RATIO: "2" });
    assert.equal(await child.exited, 2);
    const lines = child.stderr().trim().split("\n");
    assert.equal(lines.length, 1, child.stderr());
    assert.match(lines[0] ?? "", /^echo: bad environment: VERSION must be one of v1\|v2\|dev\|prod, got "v3"; FAILURE_RATIO/);
  });
});
