// The hostile-target suite: every misbehaviour in HOSTILE_BEHAVIOURS against every check that
// applies to a plain HTTP target, through a hand-written target profile. Whatever the server
// does, no check passes (the mesh misbehaves in each case), and every check ends within its
// deadline. mtls-strict, whose positive control succeeds through a fake in-mesh vantage, must
// fail on everything that sent a status line: an answer is an answer.
import assert from "node:assert/strict";
import { ALL_CHECKS } from "../../harness/features/registry.js";
import { checkDeadlineMs } from "../../harness/runner/check-deadline.js";
import { runChecks } from "../../harness/runner/run-checks.js";
import { HOSTILE_STATS, HOSTILE_TIMING, fakeForwarder, hostileProfile, profileFile } from "./fixtures.js";
import { HOSTILE_BEHAVIOURS, hostileServer } from "./servers.js";

const CHECKS = ["mtls-strict", "canary-split", "header-routing", "authz-policy"];
/** Far above what these take (seconds), far below a hang. */
const RUN_BOUND_MS = 150_000;

describe("hostile targets: nothing passes, nothing hangs", function () {
  this.timeout(RUN_BOUND_MS + 30_000);

  for (const [what, behaviour] of Object.entries(HOSTILE_BEHAVIOURS)) {
    it(`a target that ${what}: ${CHECKS.join(", ")} never pass and end within their deadlines`, async () => {
      const server = await hostileServer(behaviour);
      const forwarder = await fakeForwarder();
      const p = await profileFile(hostileProfile(server.url, forwarder.url));
      try {
        const t0 = performance.now();
        const report = await runChecks({
          profile: p.profile,
          target: { name: "hostile", source: "file", faults: [] },
          checks: ALL_CHECKS,
          selection: { checks: [], features: [] },
          stats: HOSTILE_STATS,
          timing: HOSTILE_TIMING,
        });
        const ms = performance.now() - t0;
        assert.deepEqual(report.checks.map((c) => c.check).sort(), [...CHECKS].sort());
        for (const c of report.checks) {
          assert.notEqual(c.status, "pass", `${c.id} passed against a target that ${what}: ${c.summary}`);
          const target = p.profile[c.check === "mtls-strict" ? "mtls" : c.check === "canary-split" ? "canary" : c.check === "header-routing" ? "routing" : "authz"]![0]!;
          assert.ok(c.durationMs < checkDeadlineMs(c.check, target, HOSTILE_TIMING, HOSTILE_STATS), `${c.id} ran ${c.durationMs} ms, past its deadline`);
        }
        const mtls = report.checks.find((c) => c.check === "mtls-strict")!;
        if (what === "never answers") assert.equal(mtls.status, "error", mtls.summary);
        else assert.equal(mtls.status, "fail", `plaintext got a status line, so the workload answered: ${mtls.summary}`);
        assert.notEqual(report.exitCode, 0);
        assert.ok(ms < RUN_BOUND_MS, `the run took ${ms} ms`);
      } finally {
        await p.dispose();
        await forwarder.close();
        await server.close();
      }
    });
  }
});
