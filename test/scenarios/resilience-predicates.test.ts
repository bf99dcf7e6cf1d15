// spec/resilience.ts's predicates are the one classification of answers the harness's checks,
// the k6 scenarios and the local mesh's local replies share: these cases pin the lines between
// an app's answer and Envoy's local replies.
import assert from "node:assert/strict";
import { ABORT_BODY, isAppAnswer, isFaultAbort, isFromApp, isTimeoutCut, TIMEOUT_BODY } from "../../spec/resilience.js";
import type { Outcome } from "../../harness/traffic/outcome.js";

const response = (status: number, extra: Partial<Extract<Outcome, { kind: "response" }>> = {}): Outcome => ({ kind: "response", status, latencyMs: 1, ...extra });
const refused: Outcome = { kind: "error", code: "ECONNREFUSED", message: "refused", latencyMs: 1 };

describe("spec/resilience predicates (harness outcomes and k6 observations alike)", () => {
  it("an app answer is a 2xx that names its destination", () => {
    assert.equal(isAppAnswer(response(200, { destination: "v1" })), true);
    assert.equal(isAppAnswer(response(200)), false, "a 2xx naming no destination is not the app's");
    assert.equal(isAppAnswer(response(503, { destination: "v1" })), false);
    assert.equal(isAppAnswer(response(199, { destination: "v1" })), false);
    assert.equal(isAppAnswer(refused), false);
  });

  it("from the app is any status the app sent, and no local reply", () => {
    assert.equal(isFromApp(response(503, { destination: "v1" })), true);
    assert.equal(isFromApp(response(503, { body: "no healthy upstream" })), false);
    assert.equal(isFromApp(refused), false);
  });

  it("a timeout cut is Envoy's 504 with its body; the app's own 504 is not one", () => {
    assert.equal(isTimeoutCut(response(504, { body: TIMEOUT_BODY })), true);
    assert.equal(isTimeoutCut(response(504, { body: "gateway timeout", destination: "v1" })), false);
    assert.equal(isTimeoutCut(response(503, { body: TIMEOUT_BODY })), false);
    assert.equal(isTimeoutCut(refused), false);
  });

  it("an injected abort is the configured status with the fault filter's body", () => {
    assert.equal(isFaultAbort(response(503, { body: ABORT_BODY }), 503), true);
    assert.equal(isFaultAbort(response(503, { body: ABORT_BODY }), 500), false);
    assert.equal(isFaultAbort(response(503, { destination: "v1", body: "{}" }), 503), false, "an app 503 is no abort");
  });
});
