// How a check gets its outcomes, after convergence: a fixed number per case (a table of
// expected responses), one recorded request, or sequential batches until a statistical test
// decides. Each honours the check's signal and reports progress; none judges — the predicate
// or the test does.

import type { Outcome } from "../traffic/outcome.js";
import type { TrafficRequest } from "../traffic/request.js";
import type { Sender } from "../traffic/sender.js";
import type { ObservedCounts, RequestRecord } from "./records.js";
import type { CheckContext } from "./types.js";
import type { Expect } from "./expect.js";
import { observedKey } from "../../spec/outcome.js";
import { bodyExcerpt, callerSeen, countInto } from "./observe.js";

/** One row of a check's table: a request, what each of its answers must be, how many to send. */
export interface Case {
  name: string;
  request: TrafficRequest;
  expect: Expect;
  n: number;
}

export interface CaseResult {
  case: Case;
  observed: ObservedCounts;
  /** Answers that met the expectation. */
  met: number;
  /** Every answer met it. */
  ok: boolean;
}

/** Sends each case's n requests in turn (stops between cases when the signal aborts); zero tolerance per case. */
export async function sampleCases(ctx: CheckContext, sender: Sender, cases: readonly Case[], progress: (done: CaseResult, requests: number) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let requests = 0;
  for (const c of cases) {
    if (ctx.signal.aborted) break;
    const observed: ObservedCounts = {};
    let met = 0;
    for (const o of await sender.sendBatch(c.request, c.n)) {
      countInto(observed, observedKey(o));
      if (c.expect.test(o)) met++;
    }
    requests += c.n;
    const r = { case: c, observed, met, ok: met === c.n };
    results.push(r);
    progress(r, requests);
  }
  return results;
}

/** What a record keeps of the answer: its body excerpt always or only when it missed; the caller seen, or not. */
export interface Keep {
  body: "always" | "when-missed";
  caller: boolean;
}

/** One request, recorded with what it had to get and what it got. */
export async function sampleRecord(sender: Sender, vantage: string, request: TrafficRequest, expect: Expect, keep: Keep): Promise<{ record: RequestRecord; outcome?: Outcome }> {
  const [o] = await sender.sendBatch(request, 1);
  return { record: recordOf(vantage, request, o, expect, keep), outcome: o };
}

/** A request's record from its outcome (undefined: the sender returned nothing, counted as error:OTHER). */
export function recordOf(vantage: string, request: TrafficRequest, o: Outcome | undefined, expect: Expect, keep: Keep): RequestRecord {
  const ok = o !== undefined && expect.test(o);
  const body = o && (keep.body === "always" || !ok) ? bodyExcerpt(o) : undefined;
  const caller = o && keep.caller ? callerSeen(o) : undefined;
  return {
    vantage,
    method: request.method,
    url: request.url,
    expect: expect.describe,
    observed: o ? observedKey(o) : "error:OTHER",
    ...(body !== undefined ? { body } : {}),
    ...(caller !== undefined ? { caller } : {}),
    ok,
  };
}

/** Requests per round trip to the sender in sequential sampling: the test looks at every answer, so this only bounds overshoot. */
export const SEQUENTIAL_BATCH = 50;
/** Requests in flight at once within a sequential batch. */
export const SEQUENTIAL_CONCURRENCY = 8;

export interface Sequential {
  /** Most requests the test may see. */
  budget: number;
  /** Requests the test has seen so far (it may stop looking mid-batch). */
  seen(): number;
  /** Feeds one outcome to the test; true once it has decided. */
  observe(o: Outcome): boolean;
  /** The progress line after each batch. */
  detail(): string;
  /** The check-progress id, "<check>/<target>". */
  id: string;
}

/** Sends batches until the test decides, the budget is spent or the signal aborts; returns requests sent (can exceed what the test saw). */
export async function sampleSequential(ctx: CheckContext, sender: Sender, request: TrafficRequest, s: Sequential): Promise<number> {
  let sent = 0;
  let decided = false;
  while (!decided && s.seen() < s.budget && !ctx.signal.aborted) {
    const n = Math.min(SEQUENTIAL_BATCH, s.budget - s.seen());
    const outcomes = await sender.sendBatch(request, n, { concurrency: SEQUENTIAL_CONCURRENCY });
    sent += outcomes.length;
    for (const o of outcomes) {
      if (s.observe(o)) {
        decided = true;
        break;
      }
    }
    ctx.emit({ type: "check-progress", id: s.id, requests: s.seen(), detail: s.detail() });
  }
  return sent;
}
