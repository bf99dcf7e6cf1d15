// Outlier detection and the connection pool as pure state machines, on a fake clock.
import assert from "node:assert/strict";
import { OutlierDetector } from "../../local-mesh/runtime/outlier-detector.js";
import { ConnectionPoolLimiter } from "../../local-mesh/runtime/connection-pool.js";

describe("OutlierDetector", () => {
  const config = { consecutive5xxErrors: 3, intervalMs: 1000, baseEjectionTimeMs: 2000, maxEjectionPercent: 50 };

  it("ejects after consecutive failures only, returns at the first sweep after baseEjectionTime × ejections", () => {
    let now = 0;
    const d = new OutlierDetector(config, () => now);
    d.record("a", true, 2);
    d.record("a", true, 2);
    d.record("a", false, 2); // a success resets the streak
    d.record("a", true, 2);
    d.record("a", true, 2);
    assert.ok(d.inService("a"));
    now = 300;
    d.record("a", true, 2);
    assert.ok(!d.inService("a"));
    now = 2300; // due at 2300, the sweep after it is at 3000
    assert.ok(!d.inService("a"));
    now = 3000;
    assert.ok(d.inService("a"));
    for (let i = 0; i < 3; i++) d.record("a", true, 2);
    now = 3000 + 3999; // second ejection: 2 × base
    assert.ok(!d.inService("a"));
    now = 7000;
    assert.ok(d.inService("a"));
  });

  it("never ejects above maxEjectionPercent", () => {
    const d = new OutlierDetector(config, () => 0);
    for (let i = 0; i < 3; i++) d.record("a", true, 2);
    for (let i = 0; i < 3; i++) d.record("b", true, 2);
    assert.deepEqual(d.ejected(), ["a"]);
  });

  it("consecutive5xxErrors 0 turns it off", () => {
    const d = new OutlierDetector({ ...config, consecutive5xxErrors: 0 }, () => 0);
    for (let i = 0; i < 10; i++) d.record("a", true, 2);
    assert.deepEqual(d.ejected(), []);
  });
});

describe("ConnectionPoolLimiter", () => {
  it("admits maxConnections, queues http1MaxPendingRequests, overflows the rest, hands slots on in order", async () => {
    const l = new ConnectionPoolLimiter({ maxConnections: 1, http1MaxPendingRequests: 1 });
    const never = new AbortController().signal;
    const first = await l.admit(never);
    assert.ok(first.admitted);
    const queued = l.admit(never);
    assert.equal(l.pending, 1);
    assert.deepEqual(await l.admit(never), { admitted: false });
    first.release();
    const second = await queued;
    assert.ok(second.admitted);
    assert.equal(l.active, 1);
    second.release();
    assert.equal(l.active, 0);
  });

  it("a queued request whose client leaves takes no slot", async () => {
    const l = new ConnectionPoolLimiter({ maxConnections: 1, http1MaxPendingRequests: 5, http2MaxRequests: 3 });
    assert.equal(l.maxActive, 1);
    const first = await l.admit(new AbortController().signal);
    const gone = new AbortController();
    const queued = l.admit(gone.signal);
    gone.abort();
    assert.deepEqual(await queued, { admitted: false });
    assert.equal(l.pending, 0);
    if (first.admitted) first.release();
    assert.equal(l.active, 0);
  });
});
