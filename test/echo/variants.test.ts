import assert from "node:assert/strict";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { echoOf, get, startTestEcho } from "./helpers.js";

describe("echo service port: each variant answers as itself", () => {
  for (const version of ["v1", "v2", "dev", "prod", "steady", "flaky"]) {
    describe(version, () => {
      let echo: RunningEcho;
      before(async () => {
        echo = await startTestEcho({ version, pod: `workshop-app-${version}-xyz` });
      });
      after(() => echo.close());

      it("answers 200 with its identity in the body and x-version", async () => {
        const answer = await get(echo.port, "/some/path?x=1&x=2&y=z", {
          method: "POST",
          headers: { "x-env": "dev" },
          body: "ignored body",
        });
        assert.equal(answer.status, 200);
        assert.equal(answer.headers["x-version"], version);
        const reply = echoOf(answer);
        assert.equal(reply.version, version);
        assert.equal(reply.service, "workshop-app");
        assert.equal(reply.pod, `workshop-app-${version}-xyz`);
        assert.equal(reply.namespace, "workshop-app");
        assert.equal(reply.method, "POST");
        assert.equal(reply.path, "/some/path");
        assert.deepEqual(reply.query, { x: ["1", "2"], y: "z" });
        assert.equal(reply.headers["x-env"], "dev");
        assert.equal(reply.caller, undefined);
      });
    });
  }
});
