// Endpoint changes after the mesh is up reach the proxies only after the propagation delay, as
// EDS pushes reach Envoy on a cluster; and a retry prefers hosts it has not tried yet.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { endpointKey, Registry } from "../../local-mesh/runtime/registry.js";
import { fixtureModel } from "../manifests/fixture-model.js";

/** Polls `cond` until it holds or `limitMs` passes (the delay is a floor, never a promise of promptness). */
async function eventually(cond: () => boolean, limitMs = 10_000): Promise<boolean> {
  const end = performance.now() + limitMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(20);
  }
  return true;
}

describe("local mesh endpoint propagation", () => {
  const m = fixtureModel();
  const svc = m.services.find((s) => s.name === "workshop-app")!;
  const v1 = m.workloads[0]!;
  const pod = (name: string, port: number) => ({ workload: v1, pod: name, port, sidecar: true });

  it("publish and withdraw take effect after the delay, never before; add at once", async () => {
    const r = new Registry(m, 200);
    r.add(pod("a-0", 1));
    assert.deepEqual(r.endpoints(svc).map((e) => e.pod), ["a-0"]);
    const t0 = performance.now();
    r.publish(pod("a-1", 2));
    r.withdraw(pod("a-0", 1));
    assert.deepEqual(r.endpoints(svc).map((e) => e.pod), ["a-0"], "nothing changes at once");
    assert.ok(await eventually(() => r.endpoints(svc).length === 1 && r.endpoints(svc)[0]?.pod === "a-1"));
    assert.ok(performance.now() - t0 >= 190, "not before the delay");
  });

  it("close drops the changes not yet applied", async () => {
    const r = new Registry(m, 50);
    r.publish(pod("a-1", 2));
    r.close();
    await sleep(150);
    assert.deepEqual(r.endpoints(svc), []);
  });

  it("pick avoids the hosts a retry already tried while another remains", () => {
    const r = new Registry(m);
    r.add(pod("a-0", 1));
    r.add(pod("a-1", 2));
    const tried = new Set([endpointKey(pod("a-0", 1))]);
    for (const x of [0, 0.49, 0.51, 0.99]) assert.equal(r.pick(svc, () => x, undefined, tried)?.pod, "a-1");
    const both = new Set([...tried, endpointKey(pod("a-1", 2))]);
    assert.ok(r.pick(svc, () => 0.2, undefined, both), "all tried: one of them again, not none");
  });
});
