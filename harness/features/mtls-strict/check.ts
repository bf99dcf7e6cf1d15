// mtls-strict: plaintext from outside the mesh is refused at the connection (no HTTP answer at
// all, as Envoy resets it under STRICT), and — the
// positive control, checked first — an in-mesh call succeeds with the caller's SPIFFE ID in
// what the app saw (Istio's MTLSForHTTP idea). A failed control is `error`, never `pass`:
// a workload that is down must not look like one that enforces mTLS.

import type { CheckDefinition } from "../../check-kit/types.js";
import type { RequestRecord } from "../../check-kit/records.js";
import { bodyExcerpt, callerSeen } from "../../check-kit/observe.js";
import { observedKey } from "../../../spec/outcome.js";
import { REJECTED_AT_CONNECTION } from "../../../spec/outcome.js";
import type { MtlsEvidence } from "./evidence.js";

/** Plaintext attempts, each on a new connection, so one lucky connection cannot hide a leak. */
export const PLAINTEXT_ATTEMPTS = 3;

/**
 * How a STRICT workload refuses plaintext: Envoy resets or closes it before any status line, or
 * the TLS handshake fails. A status line followed by a close is an answer (status:200/body:EOF),
 * never one of these (harness/traffic/outcome.ts).
 */
const REJECTED: ReadonlySet<string> = new Set(REJECTED_AT_CONNECTION);

export const mtlsStrict: CheckDefinition<"mtls", MtlsEvidence> = {
  id: "mtls-strict",
  feature: "mtls",
  section: "mtls",
  description: "plaintext gets no answer from the app; in-mesh calls carry the caller's identity",
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

    const vantage = t.plaintext.vantage ?? "direct";
    const outcomes = await ctx.sender(t.plaintext.vantage, { newConnectionPerRequest: true }).sendBatch({ url: t.plaintext.url, method: "GET", headers: {} }, PLAINTEXT_ATTEMPTS);
    const plaintext: RequestRecord[] = outcomes.map((o) => {
      const body = bodyExcerpt(o);
      return {
        vantage,
        method: "GET",
        url: t.plaintext.url,
        expect: "connection rejected (reset, close or TLS) before any status line",
        observed: observedKey(o),
        ...(body !== undefined ? { body } : {}),
        ...(callerSeen(o) !== undefined ? { caller: callerSeen(o) } : {}),
        ok: o.kind === "error" && REJECTED.has(o.code),
      };
    });
    const how = [...new Set(plaintext.map((p) => p.observed))].join(", ");
    const answered = outcomes.filter((o) => o.kind === "response");
    if (answered.length > 0) {
      // Any HTTP answer means the workload accepted a plaintext connection. A 403 here is the
      // authorization policy catching what STRICT mTLS should have refused at the connection.
      const appAnswered = answered.some((o) => o.destination !== undefined);
      return {
        status: "fail",
        summary: `${answered.length} of ${plaintext.length} plaintext requests got an HTTP answer (${how})${appAnswered ? ", from the app itself" : ""}: the workload accepts plaintext`,
        requests: 1 + plaintext.length,
        evidence: { kind: "mtls", control, plaintext },
      };
    }
    if (plaintext.some((p) => !p.ok)) {
      return {
        status: "error",
        summary: `plaintext requests got ${how}: that is not a rejection by the workload (nothing listening, or a timeout), so it proves nothing`,
        requests: 1 + plaintext.length,
        evidence: { kind: "mtls", control, plaintext },
      };
    }
    return {
      status: "pass",
      summary: `plaintext rejected at the connection (${how}); in-mesh call seen as ${caller}`,
      requests: 1 + plaintext.length,
      evidence: { kind: "mtls", control, plaintext },
    };
  },
};
