// authz-policy never passes without a positive control, even for a profile built in-process
// around the profile check: a target that answers 403 to everything is an error, not a pass.
import assert from "node:assert/strict";
import { authzPolicy } from "../../harness/features/authz-policy/check.js";
import type { CheckContext } from "../../harness/check-kit/types.js";
import type { Outcome } from "../../harness/traffic/outcome.js";
import type { Sender } from "../../harness/traffic/sender.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import type { AuthzTarget } from "../../spec/profile/types.js";

/** A sender whose every answer is 403, counting what it was asked to send. */
function refuseAll(): { sender: Sender; sent: () => number } {
  let n = 0;
  const answer = (): Outcome => ({ kind: "response", status: 403, latencyMs: 1, headers: {}, body: "RBAC: access denied" }) as unknown as Outcome;
  const sender = {
    send: async () => (n++, answer()),
    sendBatch: async (_r: unknown, k: number) => Array.from({ length: k }, () => (n++, answer())),
    close: async () => {},
  } as unknown as Sender;
  return { sender, sent: () => n };
}

function ctxWith(sender: Sender): CheckContext {
  return { profile: {} as CheckContext["profile"], sender: () => sender, timing: DEFAULT_TIMING, stats: DEFAULT_STATS, emit: () => {}, signal: new AbortController().signal };
}

describe("authz-policy positive control", () => {
  it("with no allow entry: error, and nothing sent", async () => {
    const s = refuseAll();
    const t: AuthzTarget = { name: "z", url: "http://127.0.0.1:1/", allow: [], deny: [{ vantage: "outside", methods: ["POST"] }] };
    const v = await authzPolicy.run(ctxWith(s.sender), t);
    assert.equal(v.status, "error");
    assert.match(v.summary, /no positive control/);
    assert.equal(s.sent(), 0);
  });

  it("with an allow entry that gets 403: error (the control failed), not pass", async () => {
    const s = refuseAll();
    const t: AuthzTarget = { name: "z", url: "http://127.0.0.1:1/", allow: [{ vantage: "outside", methods: ["GET"] }], deny: [{ vantage: "outside", methods: ["POST"] }] };
    const v = await authzPolicy.run(ctxWith(s.sender), t);
    assert.equal(v.status, "error");
    assert.match(v.summary, /positive control failed/);
  });
});
