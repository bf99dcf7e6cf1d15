// The kubelet's part of a rollout in the local mesh: readiness probing gates a new pod, and a
// deleted pod runs its preStop before the app gets SIGTERM, with the sidecar draining alongside
// and everything killed at the grace period's end. Real echo apps on 127.0.0.1.
import assert from "node:assert/strict";
import { request } from "undici";
import { startEcho, type RunningEcho } from "../../apps/echo/src/server.js";
import { terminate, untilReady } from "../../local-mesh/runtime/pod-lifecycle.js";
import type { RunningPod } from "../../local-mesh/runtime/workload.js";
import type { Workload } from "../../manifests/types.js";
import { workload } from "../manifests/fixture-model.js";
import { TEST_ADMIN_TOKEN } from "../echo/helpers.js";

interface Recorded {
  pod: RunningPod;
  echo: RunningEcho;
  events: string[];
}

async function fakePod(shutdownGraceMs = 10_000): Promise<Recorded> {
  const echo = await startEcho({ version: "prod", service: "s", pod: "p-0", namespace: "ns", port: 0, adminPort: 0, shutdownGraceMs, adminToken: TEST_ADMIN_TOKEN });
  const events: string[] = [];
  const pod: RunningPod = {
    pod: "p-0",
    endpoint: { workload: workload("p", "ns", "sa", "app", "prod"), port: echo.port, sidecar: false },
    appPort: echo.port,
    addresses: {},
    forwarder: { url: "" },
    inFlight: () => 0,
    terminateApp: async () => {
      events.push("SIGTERM");
      await echo.close();
    },
    stopSidecar: async () => {
      events.push("sidecar exits");
    },
    close: async () => {
      events.push("killed");
      await echo.close(0);
    },
  };
  return { pod, echo, events };
}

const probe = { path: "/readyz", port: 8080, initialDelayMs: 0, periodMs: 100, timeoutMs: 1_000, successThreshold: 1 };
const withLifecycle = (w: Partial<Workload>): Workload => ({ ...workload("p", "ns", "sa", "app", "prod"), ...w });

async function answers(port: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/`);
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

describe("local mesh pod lifecycle", function () {
  this.timeout(20_000);

  it("readiness: a pod passing its probe is Ready; one whose probe never passes is refused within the limit", async () => {
    const { pod, echo } = await fakePod();
    try {
      await untilReady(pod, withLifecycle({ readiness: probe }), new AbortController().signal, 5_000);
      await assert.rejects(
        untilReady(pod, withLifecycle({ readiness: { ...probe, path: "/status/503" } }), new AbortController().signal, 500),
        /p-0 did not pass its readiness probe \(GET \/status\/503 on 8080\) within 1 s/,
      );
    } finally {
      await echo.close(0);
    }
  });

  it("preStop: the app keeps serving through the sleep, then gets SIGTERM; the pod is gone after", async () => {
    const { pod, events } = await fakePod();
    const done = terminate(pod, withLifecycle({ preStop: { sleepMs: 3_000, as: "sleep: 3s" } }), new AbortController().signal);
    assert.equal(await answers(pod.appPort), true, "serves during the preStop sleep");
    assert.equal(events.length, 0, events.join(", "));
    await done;
    assert.deepEqual(events.slice(0, 1), ["SIGTERM"]);
    assert.ok(events.includes("sidecar exits") && events.at(-1) === "killed", events.join(", "));
    assert.equal(await answers(pod.appPort), false, "gone after termination");
  });

  it("no preStop: SIGTERM at once, and the app stops accepting", async () => {
    const { pod, events } = await fakePod();
    const done = terminate(pod, withLifecycle({}), new AbortController().signal);
    assert.deepEqual(events, ["SIGTERM"]);
    assert.equal(await answers(pod.appPort), false);
    await done;
  });

  it("the grace period ends the preStop early: the pod is killed without waiting it out", async () => {
    const { pod, events } = await fakePod();
    const t0 = performance.now();
    await terminate(pod, withLifecycle({ preStop: { sleepMs: 10_000, as: "sleep: 10s" }, terminationGraceMs: 300 }), new AbortController().signal);
    assert.ok(performance.now() - t0 < 9_000, "did not wait out the 10 s preStop");
    assert.ok(!events.includes("SIGTERM") && events.at(-1) === "killed", events.join(", "));
  });
});
