// authz-policy: the allowed principal's allowed methods get 2xx (the positive controls,
// checked first); everything the policy denies gets 403 (Envoy RBAC). A failed control is
// `error`: a service that is down must never look secure.

import type { AuthzRequestSet, AuthzTarget } from "../../../spec/profile/types.js";
import type { CheckContext, CheckDefinition } from "../../check-kit/types.js";
import type { RequestRecord } from "../../check-kit/records.js";
import { bodyExcerpt } from "../../check-kit/observe.js";
import { isWhole2xx, observedKey } from "../../../spec/outcome.js";
import type { AuthzEvidence } from "./evidence.js";

async function probe(ctx: CheckContext, t: AuthzTarget, set: AuthzRequestSet, method: string, expect: "allow" | "deny"): Promise<RequestRecord> {
  const url = new URL(set.path ?? "/", t.url).toString();
  const [o] = await ctx.sender(set.vantage).sendBatch({ url, method, headers: {} }, 1);
  const observed = o ? observedKey(o) : "error:OTHER";
  // An allowed request must be answered whole (a 2xx cut off mid-body is not a working path);
  // a denial is its 403 status line, whatever the body then does.
  const ok = expect === "allow" ? o !== undefined && isWhole2xx(o) : o?.kind === "response" && o.status === 403;
  const body = o && (!ok || expect === "deny") ? bodyExcerpt(o) : undefined;
  return { vantage: set.vantage, method, url, expect: expect === "allow" ? "2xx" : "403", observed, ...(body !== undefined ? { body } : {}), ok };
}

export const authzPolicy: CheckDefinition<"authz", AuthzEvidence> = {
  id: "authz-policy",
  feature: "authz",
  section: "authz",
  description: "allowed principal and methods get 2xx; every other method or principal gets 403",
  async run(ctx, t) {
    const controls: RequestRecord[] = [];
    // The profile check requires an allow entry; this guards profiles built around it.
    if (t.allow.length === 0) return { status: "error", summary: "no positive control: the profile allows nothing, so a refusal proves nothing", requests: 0, evidence: { kind: "authz", controls, denials: [] } };
    for (const set of t.allow) for (const m of set.methods) controls.push(await probe(ctx, t, set, m, "allow"));
    const badControl = controls.find((c) => !c.ok);
    if (badControl) {
      return {
        status: "error",
        summary: `positive control failed: ${badControl.vantage} ${badControl.method} got ${badControl.observed}, expected 2xx — cannot tell a deny from a broken path`,
        requests: controls.length,
        evidence: { kind: "authz", controls, denials: [] },
      };
    }
    const denials: RequestRecord[] = [];
    for (const set of t.deny) for (const m of set.methods) denials.push(await probe(ctx, t, set, m, "deny"));
    const leaks = denials.filter((d) => !d.ok);
    return {
      status: leaks.length === 0 ? "pass" : "fail",
      summary:
        leaks.length === 0
          ? `${controls.length} allowed requests got 2xx, ${denials.length} denied requests got 403`
          : `${leaks.length} of ${denials.length} requests the policy denies were not refused: ${leaks.map((l) => `${l.vantage} ${l.method} → ${l.observed}`).join(", ")}`,
      requests: controls.length + denials.length,
      evidence: { kind: "authz", controls, denials },
    };
  },
};
