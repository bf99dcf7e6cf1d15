// The check kit on a scripted sender: a case fails on one wrong answer in n, records keep
// the body and caller by rule, convergence gives up on an unreachable target as error, and the
// sequential sampler stops when the test decides, never past its budget.
import assert from "node:assert/strict";
import type { CheckContext } from "../../harness/check-kit/types.js";
import type { Outcome } from "../../harness/traffic/outcome.js";
import type { Sender } from "../../harness/traffic/sender.js";
import type { TrafficRequest } from "../../harness/traffic/request.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import { answeredAs, calledAs, rejectedAtConnection, statusIs, whole2xx } from "../../harness/check-kit/expect.js";
import { recordOf, sampleCases, sampleSequential, SEQUENTIAL_BATCH } from "../../harness/check-kit/sample.js";
import { convergeOn, notConverged } from "../../harness/check-kit/converge.js";

const app = (dest: string, status = 200, body?: string): Outcome => ({ kind: "response", status, destination: dest, latencyMs: 1, ...(body !== undefined ? { body } : {}) });
const reset: Outcome = { kind: "error", code: "ECONNRESET", message: "reset", latencyMs: 1 };
const refused: Outcome = { kind: "error", code: "ECONNREFUSED", message: "refused", latencyMs: 1 };

/** Answers the i-th request (over the sender's life) with script(i). */
function scripted(script: (i: number) => Outcome): { sender: Sender; sent: () => number } {
  let n = 0;
  const sender = {
    kind: "direct",
    send: async () => script(n++),
    sendBatch: async (_r: TrafficRequest, k: number) => Array.from({ length: k }, () => script(n++)),
    close: async () => {},
  } as unknown as Sender;
  return { sender, sent: () => n };
}

function ctx(timing = DEFAULT_TIMING): CheckContext {
  return { profile: {} as CheckContext["profile"], sender: () => scripted(() => reset).sender, timing, stats: DEFAULT_STATS, emit: () => {}, signal: new AbortController().signal };
}

const req: TrafficRequest = { url: "http://127.0.0.1:1/x", method: "GET", headers: {} };

describe("check kit", () => {
  it("a case with one answer from the wrong destination in ten is not ok; the counts say which", async () => {
    const { sender } = scripted((i) => app(i === 7 ? "v1" : "v2"));
    const [r] = await sampleCases(ctx(), sender, [{ name: "match", request: req, expect: answeredAs("dest:v2"), n: 10 }], () => {});
    assert.equal(r!.ok, false);
    assert.equal(r!.met, 9);
    assert.deepEqual(r!.observed, { "dest:v2": 9, "dest:v1": 1 });
    const { sender: all } = scripted(() => app("v2"));
    const [good] = await sampleCases(ctx(), all, [{ name: "match", request: req, expect: answeredAs("dest:v2"), n: 10 }], () => {});
    assert.equal(good!.ok, true);
  });

  it("expectations: a 2xx cut off mid-body is no success, a 403 is a denial whatever its body, an HTTP answer is no connection reject", () => {
    const cut: Outcome = { kind: "response", status: 200, destination: "v1", bodyError: { code: "ECONNRESET", message: "x" }, latencyMs: 1 } as Outcome;
    assert.equal(whole2xx.test(app("v1")), true);
    assert.equal(whole2xx.test(cut), false);
    assert.equal(statusIs(403).test({ ...app("v1", 403), bodyError: { code: "EOF", message: "x" } } as Outcome), true);
    assert.equal(rejectedAtConnection.test(reset), true);
    assert.equal(rejectedAtConnection.test(refused), false, "nothing listening is not a rejection by the workload");
    assert.equal(rejectedAtConnection.test(app("v1", 403)), false);
    const seen = (uri: string) => app("v1", 200, JSON.stringify({ caller: { uri } }));
    assert.equal(calledAs("spiffe://a").test(seen("spiffe://a")), true);
    assert.equal(calledAs("spiffe://a").test(seen("spiffe://b")), false);
    assert.equal(calledAs(undefined).test(app("v1", 200, "{}")), false, "no caller seen is no mTLS proof");
  });

  it("records keep the body always or only when missed, and the caller only when asked", () => {
    const denied = app("v1", 403, "RBAC: access denied");
    assert.equal(recordOf("outside", req, denied, statusIs(403), { body: "always", caller: false }).body, "RBAC: access denied");
    assert.equal(recordOf("outside", req, denied, statusIs(403), { body: "when-missed", caller: false }).body, undefined);
    const missed = recordOf("outside", req, denied, whole2xx, { body: "when-missed", caller: false });
    assert.deepEqual(missed, { vantage: "outside", method: "GET", url: req.url, expect: "2xx", observed: "status:403", body: "RBAC: access denied", ok: false });
    assert.deepEqual(recordOf("outside", req, undefined, whole2xx, { body: "always", caller: true }).observed, "error:OTHER");
  });

  it("convergence on a target that never answers gives up early as error; one that answers wrongly is a fail", async () => {
    const timing = { ...DEFAULT_TIMING, pollIntervalMs: 1, unreachableAfterMs: 20, convergenceTimeoutMs: 200 };
    const down = await convergeOn(ctx(timing), scripted(() => refused).sender, req, answeredAs("dest:v1"));
    assert.equal(down.convergence.converged, false);
    assert.equal(notConverged(down.convergence, timing, "never answered").status, "error");
    const wrong = await convergeOn(ctx(timing), scripted(() => app("v2")).sender, req, answeredAs("dest:v1"));
    assert.equal(wrong.convergence.converged, false);
    assert.deepEqual(notConverged(wrong.convergence, timing, "x"), { status: "fail", summary: `x ${timing.convergenceThreshold} times in a row within 200 ms (last: dest:v2)` });
    const ok = await convergeOn(ctx(timing), scripted(() => app("v1")).sender, req, answeredAs("dest:v1"));
    assert.equal(ok.convergence.converged, true);
    assert.equal(ok.requests, timing.convergenceThreshold);
  });

  it("the sequential sampler stops at the test's decision and never past its budget", async () => {
    let seen = 0;
    const decides = scripted(() => app("v1"));
    const sent = await sampleSequential(ctx(), decides.sender, req, { id: "t/x", budget: 1000, seen: () => seen, observe: () => ++seen === 70, detail: () => "" });
    assert.equal(seen, 70);
    assert.equal(sent, 2 * SEQUENTIAL_BATCH, "the batch in flight when the test decided is sent, not observed");
    let seen2 = 0;
    const never = scripted(() => app("v1"));
    await sampleSequential(ctx(), never.sender, req, { id: "t/x", budget: 120, seen: () => seen2, observe: () => (seen2++, false), detail: () => "" });
    assert.equal(never.sent(), 120);
  });
});
