// mtls-strict: plaintext from outside the mesh gets no HTTP answer from the app, and — the
// positive control, checked first — an in-mesh call succeeds with the caller's SPIFFE ID in
// what the app saw (Istio's MTLSForHTTP idea). A failed control is `error`, never `pass`:
// a workload that is down must not look like one that enforces mTLS.

import type { MtlsTarget } from "../profile/types.js";
import type { CheckDefinition } from "./types.js";
import type { RequestRecord } from "./evidence.js";
import { bodyExcerpt, callerSeen, observedKey } from "./observe.js";

/** Plaintext attempts, each on a new connection, so one lucky connection cannot hide a leak. */
export const PLAINTEXT_ATTEMPTS = 3;

export const mtlsStrict: CheckDefinition<MtlsTarget> = {
  id: "mtls-strict",
  feature: "mtls",
  section: "mtls",
  description: "plaintext gets no answer from the app; in-mesh calls carry the caller's identity",
  targets: (p) => p.mtls,
  async run(ctx, t) {
    const identity = ctx.profile.vantages[t.control.vantage];
    const wantCaller = identity?.kind === "forwarder" ? identity.identity : undefined;
    const [c] = await ctx.sender(t.control.vantage).sendBatch({ url: t.control.url, method: "GET", headers: {} }, 1);
    const caller = c ? callerSeen(c) : undefined;
    const controlKey = c ? observedKey(c) : "error:OTHER";
    const controlOk = c?.kind === "response" && c.status >= 200 && c.status < 300 && caller !== undefined && (wantCaller === undefined || caller === wantCaller);
    const control: RequestRecord = {
      vantage: t.control.vantage,
      method: "GET",
      url: t.control.url,
      expect: wantCaller ? `2xx, app sees ${wantCaller}` : "2xx, app sees a SPIFFE ID",
      observed: controlKey,
      ...(c && bodyExcerpt(c) !== undefined && !controlOk ? { body: bodyExcerpt(c) } : {}),
      ...(caller !== undefined ? { caller } : {}),
      ok: controlOk,
    };
    if (!controlOk) {
      const why = c?.kind === "response" && c.status < 300 ? `the app saw caller ${caller ?? "none"}` : `got ${controlKey}`;
      return { status: "error", summary: `positive control failed (${why}): cannot tell mTLS enforcement from a broken path`, requests: 1, evidence: { kind: "mtls", control, plaintext: [] } };
    }

    const vantage = t.plaintext.vantage ?? "";
    const outcomes = await ctx.sender(t.plaintext.vantage, { newConnectionPerRequest: true }).sendBatch({ url: t.plaintext.url, method: "GET", headers: {} }, PLAINTEXT_ATTEMPTS);
    const plaintext: RequestRecord[] = outcomes.map((o) => {
      const appAnswered = o.kind === "response" && (o.destination !== undefined || callerSeen(o) !== undefined);
      return {
        vantage: vantage || "direct",
        method: "GET",
        url: t.plaintext.url,
        expect: "no HTTP answer from the app",
        observed: observedKey(o),
        ...(bodyExcerpt(o) !== undefined ? { body: bodyExcerpt(o) } : {}),
        ok: !appAnswered,
      };
    });
    const leaked = plaintext.filter((p) => !p.ok);
    const how = [...new Set(plaintext.map((p) => p.observed))].join(", ");
    return {
      status: leaked.length === 0 ? "pass" : "fail",
      summary:
        leaked.length === 0
          ? `plaintext refused (${how}); in-mesh call seen as ${caller}`
          : `${leaked.length} of ${plaintext.length} plaintext requests answered by the app (${how})`,
      requests: 1 + plaintext.length,
      evidence: { kind: "mtls", control, plaintext },
    };
  },
};
