// When a route timeout's 504 is on time, judged from the client's clock against the slowness
// measured meanwhile: the rule lives in scenarios/lib/timeout-bounds.ts (runtime-neutral),
// shared with the k6 timeouts scenario: one implementation.
export { addControl, cutTiming, judgeCuts, lateToleranceMs, passBoundsMs, slackMs, type ControlTimes, type CutJudgement, type CutTiming, type SlowAnswer } from "../../scenarios/lib/timeout-bounds.js";
