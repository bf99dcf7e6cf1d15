// authz-policy: the allowed principal's allowed methods get 2xx (the positive controls,
// checked first); everything the policy denies gets 403 (Envoy RBAC). A failed control is
// `error`: a service that is down must never look secure.

import type { AuthzRequestSet, AuthzTarget } from "../../../spec/profile/types.js";
import type { CheckContext, CheckDefinition } from "../../check-kit/types.js";
import type { RequestRecord } from "../../check-kit/records.js";
import type { AuthzEvidence } from "./evidence.js";
import { statusIs, whole2xx } from "../../check-kit/expect.js";
import { sampleRecord } from "../../check-kit/sample.js";
import type { FeatureDefinition } from "../feature.js";
import { authzHtml, authzText } from "./render.js";

// An allowed request must be answered whole (a 2xx cut off mid-body is not a working path);
// a denial is its 403 status line, whatever the body then does. A denial keeps its body
// (`RBAC: access denied` shows who refused); an allowed request only when it missed.
const ALLOW = { expect: whole2xx, keep: { body: "when-missed", caller: false } } as const;
const DENY = { expect: statusIs(403), keep: { body: "always", caller: false } } as const;

/** One request per (request set, method): the table of expected responses. */
async function probeAll(ctx: CheckContext, t: AuthzTarget, sets: AuthzRequestSet[], how: typeof ALLOW | typeof DENY): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  for (const set of sets) {
    const url = new URL(set.path ?? "/", t.url).toString();
    for (const method of set.methods) records.push((await sampleRecord(ctx.sender(set.vantage), set.vantage, { url, method, headers: {} }, how.expect, how.keep)).record);
  }
  return records;
}

export const authzPolicy: CheckDefinition<"authz", AuthzEvidence> = {
  id: "authz-policy",
  feature: "authz",
  section: "authz",
  concurrency: "light",
  description: "allowed principal and methods get 2xx; every other method or principal gets 403",
  async run(ctx, t) {
    // The profile check requires an allow entry; this guards profiles built around it.
    if (t.allow.length === 0) return { status: "error", summary: "no positive control: the profile allows nothing, so a refusal proves nothing", requests: 0, evidence: { kind: "authz", controls: [], denials: [] } };
    const controls = await probeAll(ctx, t, t.allow, ALLOW);
    const badControl = controls.find((c) => !c.ok);
    if (badControl) {
      return {
        status: "error",
        summary: `positive control failed: ${badControl.vantage} ${badControl.method} got ${badControl.observed}, expected 2xx — cannot tell a deny from a broken path`,
        requests: controls.length,
        evidence: { kind: "authz", controls, denials: [] },
      };
    }
    const denials = await probeAll(ctx, t, t.deny, DENY);
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

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const authzPolicyFeature: FeatureDefinition<AuthzEvidence> = { kind: "authz", check: authzPolicy, text: authzText, html: authzHtml };
