// The shared timing rules (scenarios/lib): exact binomial bounds, the delay separation the
// harness's fault-injection check and the k6 faults scenario both apply, the k6 fixed sample's
// reading of it, and the route-timeout verdict both apply. Pure functions, so every branch is
// pinned on synthetic counts.
import assert from "node:assert/strict";
import { binomialLowerTail, binomialUpperTail, lowerConfidenceBound, upperConfidenceBound } from "../../spec/timing/binomial-bounds.js";
import { baselineNeeded, judgeDelayShare, SeparationMeter, type DelaySeparation } from "../../spec/timing/delay-separation.js";
import { addControl, cutTiming, judgeCuts, passBoundsMs, slackMs, type ControlTimes, type SlowAnswer } from "../../spec/timing/timeout-bounds.js";
import { COULD_NOT_TEST_METRIC, summarize, UNDECIDED_METRIC } from "../../scenarios/lib/summary.js";
import { planRates } from "../../scenarios/lib/shares.js";
import { STATS_DEFAULTS } from "../../spec/knobs.js";

const DEFAULT_ALPHA = STATS_DEFAULTS.alpha;
const DEFAULT_DELTA = STATS_DEFAULTS.delta;

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

/** A meter fed `n` baseline and `n` undelayed route answers, `slow` of each in the near-miss range. */
function meter(n: number, slow: number): DelaySeparation {
  const m = new SeparationMeter(200, DEFAULT_DELTA / 2, DEFAULT_ALPHA);
  for (let i = 0; i < n; i++) {
    m.observeBaseline(i < slow ? 150 : 5);
    m.observeRoute(i < slow ? 150 : 5);
  }
  return m.evidence();
}

describe("binomial bounds (spec/timing/binomial-bounds.ts)", () => {
  it("sums exact binomial tails", () => {
    close(binomialUpperTail(2, 3, 0.5), 0.5);
    close(binomialLowerTail(0, 10, 0.1), 0.9 ** 10);
    close(binomialUpperTail(0, 5, 0.3), 1);
    close(binomialLowerTail(1, 1000, 0.001) + binomialUpperTail(2, 1000, 0.001), 1, 1e-12);
  });

  it("gives Clopper–Pearson bounds: closed form at 0 events, the tail equal to err at the bound", () => {
    close(upperConfidenceBound(0, 1000, 0.001), 1 - 0.001 ** (1 / 1000), 1e-12);
    const u = upperConfidenceBound(7, 500, 0.001);
    close(binomialLowerTail(7, 500, u), 0.001, 1e-9);
    const l = lowerConfidenceBound(7, 500, 0.001);
    close(binomialUpperTail(7, 500, l), 0.001, 1e-9);
    assert.ok(l < 7 / 500 && 7 / 500 < u);
    assert.equal(upperConfidenceBound(0, 0, 0.001), 1);
  });
});

describe("delay separation (spec/timing/delay-separation.ts)", () => {
  it("separates when the baseline and near misses are fast, not when a share of them is slow", () => {
    const quiet = meter(1018, 0);
    assert.equal(quiet.separated, true);
    assert.ok(quiet.falsePositiveBound < 0.01, String(quiet.falsePositiveBound));
    const busy = meter(1018, 20);
    assert.equal(busy.separated, false, String(busy.falsePositiveBound));
    // Fewer baseline answers than a decision needs cannot separate even when none is slow.
    assert.equal(meter(baselineNeeded(DEFAULT_DELTA / 2, DEFAULT_ALPHA) - 1, 0).separated, false);
    assert.equal(meter(baselineNeeded(DEFAULT_DELTA / 2, DEFAULT_ALPHA), 0).separated, true);
  });

  it("counts a baseline request without an answer as slow: it cannot show the path is fast", () => {
    const m = new SeparationMeter(200, 0.025, 0.001);
    m.observeBaseline(undefined);
    assert.equal(m.evidence().baseline.slow, 1);
  });

  const plan = planRates([{ name: "delay", expected: 0.1, sides: "both" }], { delta: DEFAULT_DELTA, alpha: DEFAULT_ALPHA, beta: STATS_DEFAULTS.beta });
  const band = plan.rates[0]!;

  it("k6's fixed sample: too few delayed fails under any load, the rest waits for the separation", () => {
    const busy = meter(1018, 200);
    assert.equal(judgeDelayShare(0.02, band, DEFAULT_DELTA, busy).status, "fail");
    assert.equal(judgeDelayShare(0.34, band, DEFAULT_DELTA, busy).status, "inconclusive", "a busy machine's 34 % is no evidence of too many");
    assert.equal(judgeDelayShare(0.1, band, DEFAULT_DELTA, busy).status, "inconclusive");
  });

  it("k6's fixed sample, separated: passes inside the pass bounds less the false positives, fails beyond them, waits between", () => {
    const quiet = meter(1018, 0);
    const fp = quiet.falsePositiveBound;
    assert.equal(judgeDelayShare(0.1, band, DEFAULT_DELTA, quiet).status, "pass");
    assert.equal(judgeDelayShare(band.failHigh + fp + 0.001, band, DEFAULT_DELTA, quiet).status, "fail");
    assert.equal(judgeDelayShare(band.failHigh + fp / 2, band, DEFAULT_DELTA, quiet).status, "inconclusive");
    assert.equal(judgeDelayShare(band.failLow + fp / 2, band, DEFAULT_DELTA, quiet).status, "inconclusive");
    assert.equal(judgeDelayShare(band.failLow - 0.001, band, DEFAULT_DELTA, quiet).status, "fail");
  });

  it("k6's fixed sample, exact rates: none delayed passes 0 %, all delayed passes 100 %, and a false positive alone never fails 0 %", () => {
    const quiet = meter(1018, 0);
    const zero = { expected: 0, low: 0, high: 0, passLow: 0, passHigh: 0, failLow: 0, failHigh: 0 };
    const all = { expected: 1, low: 1, high: 1, passLow: 1, passHigh: 1, failLow: 1, failHigh: 1 };
    assert.equal(judgeDelayShare(0, zero, DEFAULT_DELTA, quiet).status, "pass");
    assert.equal(judgeDelayShare(quiet.falsePositiveBound, zero, DEFAULT_DELTA, quiet).status, "inconclusive");
    assert.equal(judgeDelayShare(DEFAULT_DELTA + quiet.falsePositiveBound + 0.01, zero, DEFAULT_DELTA, quiet).status, "fail");
    assert.equal(judgeDelayShare(1, all, DEFAULT_DELTA, quiet).status, "pass");
    assert.equal(judgeDelayShare(0.99, all, DEFAULT_DELTA, meter(1018, 200)).status, "fail");
  });
});

describe("route-timeout bounds (spec/timing/timeout-bounds.ts)", () => {
  it("early is proof, late only beyond the slowness measured meanwhile", () => {
    const bounds = passBoundsMs(500);
    assert.deepEqual(bounds, [450, 625]);
    assert.equal(cutTiming(400, bounds, 10_000), "early");
    assert.equal(cutTiming(600, bounds, 0), "on time");
    assert.equal(cutTiming(900, bounds, 100), "late");
    assert.equal(cutTiming(900, bounds, 400), "undecided");
  });

  it("slack is what back-to-back controls took beyond the fastest one's each (the first stands for the 504's round trip)", () => {
    const c: ControlTimes = { requests: 0, totalMs: 0, minLatencyMs: 0 };
    for (const ms of [5, 5, 305, 5]) addControl(c, ms);
    assert.equal(slackMs(c), 320 - 3 * 5);
    assert.equal(slackMs({ requests: 0, totalMs: 0, minLatencyMs: 0 }), 0);
  });
});

describe("route-timeout verdict (spec/timing/timeout-bounds.ts judgeCuts, harness and k6 alike)", () => {
  const cut = (latencyMs: number): SlowAnswer => ({ key: "status:504", latencyMs, cut: true, answered: false, clientTimeout: false });
  const quiet = { requests: 10, totalMs: 50, minLatencyMs: 5, answered: 10 };
  const stalled = { requests: 3, totalMs: 900, minLatencyMs: 5, answered: 3 };
  const status = (slow: SlowAnswer[], c = quiet) => judgeCuts(500, slow, c).status;

  it("passes cuts on time; fails an app answer, an early cut, a late cut beyond the slowness, or another answer", () => {
    assert.equal(status([cut(510), cut(520), cut(600)]), "pass");
    assert.equal(status([cut(510), { key: "status:200", latencyMs: 1500, cut: false, answered: true, clientTimeout: false }, cut(510)], stalled), "fail");
    assert.equal(status([cut(400), cut(510), cut(510)], stalled), "fail");
    assert.equal(status([cut(510), cut(510), cut(900)]), "fail");
    assert.equal(status([cut(510), cut(510), { key: "status:503", latencyMs: 510, cut: false, answered: false, clientTimeout: false }]), "fail");
  });

  it("is inconclusive for a late cut within the slowness, a client timeout, or a control failing meanwhile", () => {
    assert.equal(status([cut(510), cut(510), cut(900)], stalled), "inconclusive");
    assert.equal(status([cut(510), cut(510), { key: "error:TIMEOUT", latencyMs: undefined, cut: false, answered: false, clientTimeout: true }]), "inconclusive");
    assert.equal(status([cut(510), cut(510), cut(510)], { ...quiet, answered: 9 }), "inconclusive");
  });
});

describe("k6 summary verdict when a scenario could not test", () => {
  it("is inconclusive when no threshold breached but the undecided counter counted; a breach still fails", () => {
    const ok = { type: "rate", values: { rate: 1, passes: 5, fails: 0 }, thresholds: { "rate==1": { ok: true } } };
    const counted = { type: "counter", values: { count: 1, rate: 0 } };
    assert.equal(summarize({ metrics: { m: ok, [UNDECIDED_METRIC]: counted } }, "faults", "p").verdict, "inconclusive");
    assert.equal(summarize({ metrics: { m: { ...ok, values: { rate: 0.8, passes: 4, fails: 1 }, thresholds: { "rate==1": { ok: false } } }, [UNDECIDED_METRIC]: counted } }, "faults", "p").verdict, "fail");
    assert.equal(summarize({ metrics: { m: ok } }, "faults", "p").verdict, "pass");
    // Could not test at all (a failed control, no answer) is an error, not an undecided timing.
    assert.equal(summarize({ metrics: { m: ok, [COULD_NOT_TEST_METRIC]: counted } }, "faults", "p").verdict, "error");
  });
});
