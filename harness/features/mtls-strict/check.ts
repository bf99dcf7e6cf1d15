// mtls-strict: plaintext from outside the mesh is refused at the connection (no HTTP answer at
// all, as Envoy resets it under STRICT), and — the positive control, checked first — an
// in-mesh call succeeds with the caller's SPIFFE ID in what the app saw (Istio's MTLSForHTTP
// idea). A failed control is `error`, never `pass`: a workload that is down must not look
// like one that enforces mTLS.

import type { TrafficRequest } from "../../traffic/request.js";
import type { CheckDefinition } from "../../check-kit/types.js";
import type { MtlsEvidence } from "./evidence.js";
import { calledAs, rejectedAtConnection } from "../../check-kit/expect.js";
import { recordOf, sampleRecord } from "../../check-kit/sample.js";
import type { FeatureDefinition } from "../feature.js";
import { mtlsHtml, mtlsText } from "./render.js";

/** Plaintext attempts, each on a new connection, so one lucky connection cannot hide a leak. */
export const PLAINTEXT_ATTEMPTS = 3;

export const mtlsStrict: CheckDefinition<"mtls", MtlsEvidence> = {
  id: "mtls-strict",
  feature: "mtls",
  section: "mtls",
  concurrency: "light",
  description: "plaintext gets no answer from the app; in-mesh calls carry the caller's identity",
  async run(ctx, t) {
    const identity = ctx.profile.vantages[t.control.vantage];
    const controlRequest: TrafficRequest = { url: t.control.url, method: "GET", headers: {} };
    const plaintextRequest: TrafficRequest = { url: t.plaintext.url, method: "GET", headers: {} };

    const { record: control, outcome: c } = await sampleRecord(ctx.sender(t.control.vantage), t.control.vantage, controlRequest, calledAs(identity?.kind === "forwarder" ? identity.identity : undefined), { body: "when-missed", caller: true });
    if (!control.ok) {
      const why = c?.kind === "response" && c.status < 300 ? `the app saw caller ${control.caller ?? "none"}` : `got ${control.observed}`;
      return { status: "error", summary: `positive control failed (${why}): cannot tell mTLS enforcement from a broken path`, requests: 1, evidence: { kind: "mtls", control, plaintext: [] } };
    }

    // Any HTTP answer means the workload accepted a plaintext connection (a status line is an
    // answer even if the body then breaks, harness/traffic/outcome.ts).
    const vantage = t.plaintext.vantage ?? "direct";
    const outcomes = await ctx.sender(t.plaintext.vantage, { newConnectionPerRequest: true }).sendBatch(plaintextRequest, PLAINTEXT_ATTEMPTS);
    const plaintext = outcomes.map((o) => recordOf(vantage, plaintextRequest, o, rejectedAtConnection, { body: "always", caller: true }));
    const how = [...new Set(plaintext.map((p) => p.observed))].join(", ");
    const answered = outcomes.filter((o) => o.kind === "response");
    const requests = 1 + plaintext.length;
    const evidence: MtlsEvidence = { kind: "mtls", control, plaintext };
    if (answered.length > 0) {
      // A 403 here is the authorization policy catching what STRICT mTLS should have refused at the connection.
      const appAnswered = answered.some((o) => o.destination !== undefined);
      return { status: "fail", summary: `${answered.length} of ${plaintext.length} plaintext requests got an HTTP answer (${how})${appAnswered ? ", from the app itself" : ""}: the workload accepts plaintext`, requests, evidence };
    }
    if (plaintext.some((p) => !p.ok)) {
      return { status: "error", summary: `plaintext requests got ${how}: that is not a rejection by the workload (nothing listening, or a timeout), so it proves nothing`, requests, evidence };
    }
    return { status: "pass", summary: `plaintext rejected at the connection (${how}); in-mesh call seen as ${control.caller}`, requests, evidence };
  },
};

/** The feature as the registry lists it: this check, its evidence kind and its renderings. */
export const mtlsStrictFeature: FeatureDefinition<MtlsEvidence> = { kind: "mtls", check: mtlsStrict, text: mtlsText, html: mtlsHtml };
