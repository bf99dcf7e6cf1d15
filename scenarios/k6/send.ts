// Sending from a vantage in k6: `direct` is k6's own http client; `tls` is the same client, whose
// certificate the run's tlsAuth option carries (k6/tls.ts), to the URL with the TLS server name
// as its host (lib/tls-plan.ts); `forwarder` is one POST
// /forward to the workload's admin endpoint, which sends the batch from inside the mesh with
// that workload's identity (k6 cannot present a workload identity itself). Answers come back as
// the same Observations the harness uses. A vantage that is broken returns a string: nothing
// can be concluded from it.
import http from "k6/http";
import type { ObjectBatchRequest, RefinedParams, RefinedResponse, ResponseType } from "k6/http";
import { forwardBody, forwardHeaders, readForwardResponse, type ForwardAsk } from "../../spec/echo/forward.ts";
import { fromForwardOutcome, fromPlainResponse, type Observation } from "../../spec/outcome.ts";
import type { TargetProfile } from "../../spec/profile/types.ts";
import { tlsUrl } from "../lib/tls-plan.ts";

/** A forwarder's ask plus k6 tags; direct sends ignore newConnectionPerRequest (k6's
 * noConnectionReuse option decides). */
export interface SendAsk extends ForwardAsk {
  tags: Record<string, string>;
}

export type SendResult = { observations: Observation[] } | { broken: string };

/** Time the forwarder may add on top of the requests it sends. */
const CALL_SLACK_MS = 5_000;

type ForwarderVantage = Extract<TargetProfile["vantages"][string], { kind: "forwarder" }>;

/** The vantage an ask is sent from: direct when none is named; a tls vantage sends as direct does, to its own URL. */
function sendingVantage(profile: TargetProfile, vantageName: string | undefined): { kind: "direct"; servername?: string; tls: boolean } | ForwarderVantage | { broken: string } {
  const vantage = vantageName === undefined ? { kind: "direct" as const } : profile.vantages[vantageName];
  if (vantage === undefined) return { broken: `vantage ${vantageName} is not in the profile` };
  if (vantage.kind === "tls") return { kind: "direct", tls: true, ...(vantage.servername !== undefined ? { servername: vantage.servername } : {}) };
  if (vantage.kind === "direct") return { kind: "direct", tls: false };
  return vantage;
}

/** Where k6 sends a direct or tls ask. */
function directUrl(ask: SendAsk, vantage: { servername?: string; tls: boolean }): string {
  return vantage.tls ? tlsUrl(ask.url, ask.host, vantage.servername) : ask.url;
}

/**
 * k6 request parameters for a direct request: the Host header from the ask (or, when a tls
 * vantage's URL now names the server, the host the profile's URL named), no redirects, text bodies.
 */
function directParams(ask: SendAsk, tags: Record<string, string>, vantage: { servername?: string; tls: boolean }): RefinedParams<ResponseType> {
  const url = directUrl(ask, vantage);
  const host = ask.host ?? (url !== ask.url ? /^https?:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(ask.url)?.[1] : undefined);
  return {
    headers: host !== undefined ? { ...ask.headers, Host: host } : ask.headers,
    tags,
    timeout: `${ask.timeoutMs}ms`,
    redirects: 0,
    responseType: "text",
  };
}

export function send(profile: TargetProfile, vantageName: string | undefined, ask: SendAsk): SendResult {
  const vantage = sendingVantage(profile, vantageName);
  if ("broken" in vantage) return vantage;
  const tags = { ...ask.tags, vantage: vantageName ?? "direct" };

  if (vantage.kind === "direct") {
    const params = directParams(ask, tags, vantage);
    const observations: Observation[] = [];
    for (let i = 0; i < ask.count; i++) {
      const res = http.request(ask.method, directUrl(ask, vantage), null, params);
      observations.push(fromPlainResponse({ status: res.status, headers: res.headers, body: res.body as string | null, error: res.error, error_code: res.error_code, durationMs: res.timings.duration }, profile.identify));
    }
    return { observations };
  }

  const { body, callTimeout } = forwardCall(ask);
  const res = http.post(vantage.url, JSON.stringify(body), {
    headers: forwardHeaders(vantage.token),
    tags: { ...tags, forwarder: "call" },
    timeout: `${callTimeout}ms`,
    responseType: "text",
  });
  const answer = readForwardResponse(res.status, res.body as string | null, body.count, vantage.url);
  if (typeof answer === "string") return { broken: `vantage ${vantageName}: ${answer}` };
  return { observations: answer.outcomes.map((o) => fromForwardOutcome(o, profile.identify)) };
}

/** The forwarder's request body for an ask, and how long the call to the forwarder may take (every request in its rounds, plus slack). */
function forwardCall(ask: SendAsk): { body: ReturnType<typeof forwardBody>; callTimeout: number } {
  const body = forwardBody({
    url: ask.url,
    method: ask.method,
    headers: ask.headers,
    ...(ask.host !== undefined ? { host: ask.host } : {}),
    count: ask.count,
    ...(ask.concurrency !== undefined ? { concurrency: ask.concurrency } : {}),
    timeoutMs: ask.timeoutMs,
    ...(ask.newConnectionPerRequest ? { newConnectionPerRequest: true } : {}),
  });
  return { body, callTimeout: body.timeoutMs * Math.ceil(body.count / (body.concurrency ?? 1)) + CALL_SLACK_MS };
}

/** Asks laid out as k6 request entries (one per direct request, one POST per forwarder ask), and how to read the answers back. */
interface Prepared {
  requests: ObjectBatchRequest[];
  read(responses: readonly RefinedResponse<"text">[]): SendResult[];
}

function prepare(profile: TargetProfile, vantageName: string | undefined, asks: readonly SendAsk[]): Prepared | { broken: string } {
  const vantage = sendingVantage(profile, vantageName);
  if ("broken" in vantage) return vantage;
  const requests: ObjectBatchRequest[] = [];
  const owner: number[] = [];
  asks.forEach((ask, i) => {
    const tags = { ...ask.tags, vantage: vantageName ?? "direct" };
    if (vantage.kind === "direct") {
      const params = directParams(ask, tags, vantage);
      for (let n = 0; n < ask.count; n++) {
        requests.push({ method: ask.method, url: directUrl(ask, vantage), body: null, params });
        owner.push(i);
      }
      return;
    }
    const { body, callTimeout } = forwardCall(ask);
    requests.push({ method: "POST", url: vantage.url, body: JSON.stringify(body), params: { headers: forwardHeaders(vantage.token), tags: { ...tags, forwarder: "call" }, timeout: `${callTimeout}ms`, responseType: "text" } });
    owner.push(i);
  });
  const read = (responses: readonly RefinedResponse<"text">[]): SendResult[] => {
    const results: SendResult[] = asks.map(() => ({ observations: [] }));
    responses.forEach((res, r) => {
      const i = owner[r]!;
      const into = results[i]!;
      if ("broken" in into) return;
      if (vantage.kind === "direct") {
        into.observations.push(fromPlainResponse({ status: res.status, headers: res.headers, body: res.body as string | null, error: res.error, error_code: res.error_code, durationMs: res.timings.duration }, profile.identify));
        return;
      }
      const answer = readForwardResponse(res.status, res.body as string | null, asks[i]!.count, vantage.url);
      results[i] = typeof answer === "string" ? { broken: `vantage ${vantageName}: ${answer}` } : { observations: answer.outcomes.map((o) => fromForwardOutcome(o, profile.identify)) };
    });
    return results;
  };
  return { requests, read };
}

/**
 * Several asks sent at the same moment (one http.batch): each direct request is one entry, a
 * forwarder ask is one POST /forward carrying its whole count. The faults scenario sends its
 * timing baseline this way, so a stall of the client or host hits both alike. The caller sets
 * the `batch`/`batchPerHost` options high enough, or k6 queues part of the batch.
 */
export function sendTogether(profile: TargetProfile, vantageName: string | undefined, asks: readonly SendAsk[]): SendResult[] {
  const p = prepare(profile, vantageName, asks);
  if ("broken" in p) return asks.map(() => p);
  return p.read(http.batch(p.requests) as RefinedResponse<"text">[]);
}

/** One ask without blocking the VU (http.asyncRequest), so it can overlap others — the timeouts scenario's controls. */
export async function sendAsync(profile: TargetProfile, vantageName: string | undefined, ask: SendAsk): Promise<SendResult> {
  const p = prepare(profile, vantageName, [ask]);
  if ("broken" in p) return p;
  const responses = await Promise.all(p.requests.map((r) => http.asyncRequest(r.method, r.url, r.body ?? null, r.params as RefinedParams<"text">)));
  return p.read(responses)[0]!;
}

/** One request; a broken vantage comes back as an error observation named OTHER with the reason. */
export function sendOne(profile: TargetProfile, vantageName: string | undefined, ask: Omit<SendAsk, "count">): { observation: Observation } | { broken: string } {
  const r = send(profile, vantageName, { ...ask, count: 1 });
  if ("broken" in r) return r;
  const [o] = r.observations;
  return o ? { observation: o } : { broken: "no outcome" };
}
