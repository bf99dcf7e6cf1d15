// The scenarios' decisions on real answers, without k6: the forwarder bodies mtls.ts and
// authz.ts send (spec/echo/forward.ts), posted to the local mesh's forwarders, read back through
// spec/outcome.ts, must decide as the scenarios intend — clean mesh right, faulted mesh caught.
import assert from "node:assert/strict";
import { forwardBody, forwardHeaders, readForwardResponse, type ForwardAsk } from "../../spec/echo/forward.js";
import { fromForwardOutcome, is2xx, isConnectionReject, observedKey, withPath, type Observation } from "../../spec/outcome.js";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import type { TargetProfile } from "../../spec/profile/types.js";

async function viaForwarder(p: TargetProfile, vantage: string, ask: Omit<ForwardAsk, "timeoutMs">): Promise<Observation[]> {
  const v = p.vantages[vantage];
  assert.ok(v?.kind === "forwarder", `${vantage} is a forwarder`);
  const res = await fetch(v.url, { method: "POST", headers: forwardHeaders(v.token), body: JSON.stringify(forwardBody({ ...ask, timeoutMs: 3_000 })) });
  const answer = readForwardResponse(res.status, await res.text(), ask.count, v.url);
  assert.ok(typeof answer === "object", String(answer));
  return answer.outcomes.map((o) => fromForwardOutcome(o, p.identify));
}

async function withMesh(faults: string[], fn: (p: TargetProfile) => Promise<void>): Promise<void> {
  const mesh: LocalMesh = await startLocalMesh({ faults });
  try {
    await fn(mesh.profile);
  } finally {
    await mesh.stop();
  }
}

describe("scenario decisions on the local mesh's real answers", () => {
  it("mtls: the control shows the caller's SPIFFE ID; plaintext is refused at the connection, unless PERMISSIVE", async () => {
    for (const [faults, refused] of [[[], true], [["mtls-permissive"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.mtls![0]!;
        const [control] = await viaForwarder(p, t.control.vantage, { url: t.control.url, method: "GET", headers: {}, count: 1 });
        const want = p.vantages[t.control.vantage];
        assert.ok(control && is2xx(control) && control.kind === "response" && want?.kind === "forwarder" && control.caller === want.identity, JSON.stringify(control));
        const plain = await viaForwarder(p, t.plaintext.vantage!, { url: t.plaintext.url, method: "GET", headers: {}, count: 3, newConnectionPerRequest: true });
        assert.deepEqual(plain.map(isConnectionReject), [refused, refused, refused], plain.map(observedKey).join(", "));
      });
    }
  });

  it("authz: allowed GET gets 2xx, denied requests 403 — and 2xx once the policy is off", async () => {
    for (const [faults, deniedStatus] of [[[], "status:403"], [["authz-off"], "dest:v1"]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.authz![0]!;
        for (const set of t.allow) for (const m of set.methods) {
          const [o] = await viaForwarder(p, set.vantage, { url: withPath(t.url, set.path ?? "/"), method: m, headers: {}, count: 1 });
          assert.ok(o && is2xx(o), `${set.vantage} ${m}: ${o && observedKey(o)}`);
        }
        const set = t.deny.find((s) => s.vantage === "intruder")!;
        const [o] = await viaForwarder(p, set.vantage, { url: withPath(t.url, "/"), method: "GET", headers: {}, count: 1 });
        assert.equal(o && observedKey(o), deniedStatus);
      });
    }
  });
});
