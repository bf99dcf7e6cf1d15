// Ending a run that could not test (exit 108) so that handleSummary can tell why: a counter says
// which kind of 108 it was, and a failed check carries the reason (handleSummary runs in a fresh
// VU that shares no state with the one that aborted).
import { check } from "k6";
import exec from "k6/execution";
import { Counter } from "k6/metrics";
import { ABORT_CHECK_PREFIX, COULD_NOT_TEST_METRIC, UNDECIDED_METRIC } from "../lib/summary.ts";

const couldNotTestCount = new Counter(COULD_NOT_TEST_METRIC);
const undecidedCount = new Counter(UNDECIDED_METRIC);

function stop(counter: Counter, message: string, tags: Record<string, string>): void {
  counter.add(1, tags);
  check(null, { [`${ABORT_CHECK_PREFIX}${message}`]: () => false }, tags);
  exec.test.abort(message);
}

/** A failed control, an unreachable target, a broken vantage: nothing was tested (verdict error). */
export function couldNotTest(message: string, tags: Record<string, string> = {}): void {
  stop(couldNotTestCount, message, tags);
}

/** A timing judgement a busy client or host could explain, with no fail standing (verdict inconclusive). */
export function couldNotDecide(message: string, tags: Record<string, string> = {}): void {
  stop(undecidedCount, message, tags);
}
