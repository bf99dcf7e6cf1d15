// The mutation self-test: on the clean local mesh every check passes; with each fault,
// exactly the checks that fault targets fail (or, where a positive control is broken, end in
// error) and the rest pass. This is how we know no check is a check that cannot fail.
import assert from "node:assert/strict";
import { startLocalMesh } from "../../local-mesh/index.js";
import { runChecks } from "../../harness/runner/run-checks.js";
import { ALL_CHECKS } from "../../harness/checks/registry.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import type { CheckStatus } from "../../harness/checks/types.js";
import { seededRandom } from "../support/seeded-random.js";

type Expected = Record<"header-routing" | "canary-split" | "mtls-strict" | "authz-policy" | "route-timeout" | "retries" | "fault-injection" | "circuit-breaking" | "outlier-detection" | "disruption", CheckStatus>;
const clean: Expected = {
  "header-routing": "pass",
  "canary-split": "pass",
  "mtls-strict": "pass",
  "authz-policy": "pass",
  "route-timeout": "pass",
  retries: "pass",
  "fault-injection": "pass",
  "circuit-breaking": "pass",
  "outlier-detection": "pass",
  disruption: "pass",
};

const table: [string[], Expected][] = [
  [[], clean],
  [["canary-weights=80/20"], { ...clean, "canary-split": "fail" }],
  [["header-routing-off"], { ...clean, "header-routing": "fail" }],
  [["mtls-permissive"], { ...clean, "mtls-strict": "fail" }],
  [["authz-off"], { ...clean, "authz-policy": "fail" }],
  [["down=workshop-app-v2"], { ...clean, "canary-split": "fail" }],
  [["down=workshop-app-dev"], { ...clean, "header-routing": "fail" }],
  // v1 is the controls' destination: the deny checks cannot tell a deny from an outage → error.
  // v1 is also the resilience routes' upstream: without it they cannot be tested → error.
  [["down=workshop-app-v1"], { ...clean, "canary-split": "fail", "mtls-strict": "error", "authz-policy": "error", "route-timeout": "error", retries: "error", "fault-injection": "error", "circuit-breaking": "error" }],
  [["timeouts-off"], { ...clean, "route-timeout": "fail" }],
  [["retries-off"], { ...clean, retries: "fail" }],
  [["fault-injection-off"], { ...clean, "fault-injection": "fail" }],
  [["circuit-breaker-off"], { ...clean, "circuit-breaking": "fail" }],
  [["outlier-detection-off"], { ...clean, "outlier-detection": "fail" }],
  [["no-graceful-restart"], { ...clean, disruption: "fail" }],
];

describe("mutation self-test against the local mesh", function () {
  this.timeout(60_000);

  table.forEach(([faults, expected], i) => {
    it(`${faults.length ? faults.join(" ") : "clean mesh"} → ${Object.entries(expected).filter(([, s]) => s !== "pass").map(([c, s]) => `${c} ${s}`).join(", ") || "all pass"}`, async () => {
      const mesh = await startLocalMesh({ faults, random: seededRandom(1000 + i) });
      try {
        const report = await runChecks({
          profile: mesh.profile,
          target: { name: "local", source: "local", faults },
          checks: ALL_CHECKS,
          selection: { checks: [], features: [] },
          stats: DEFAULT_STATS,
          timing: { ...DEFAULT_TIMING, convergenceTimeoutMs: 2_000 },
        });
        const got = Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
        assert.deepEqual(got, expected, report.checks.map((c) => `${c.id}: ${c.status}: ${c.summary}`).join("\n"));
        assert.deepEqual(report.skipped, []);
      } finally {
        await mesh.stop();
      }
    });
  });
});
