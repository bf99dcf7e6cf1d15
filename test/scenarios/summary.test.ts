import assert from "node:assert/strict";
import {
  ABORT_CHECK_PREFIX,
  COULD_NOT_TEST_METRIC,
  renderJUnit,
  renderText,
  summarize,
  summaryFiles,
  summaryTrendStats,
  thresholdStat,
  UNDECIDED_METRIC,
  type K6SummaryData,
} from "../../scenarios/lib/summary.js";

// Summary data in the shape k6's handleSummary passes (internal/js/summary.go: rates carry
// rate/passes/fails, counters count/rate, trends the summaryTrendStats columns).
const data: K6SummaryData = {
  state: { testRunDurationMs: 1234 },
  metrics: {
    "canary_share{destination:v2,target:c}": { type: "rate", contains: "default", values: { rate: 0.2, passes: 20, fails: 80 }, thresholds: { "rate>=0.05": { ok: true }, "rate<=0.15": { ok: false } } },
    canary_requests: { type: "counter", values: { count: 100, rate: 50 }, thresholds: { "count>=776": { ok: false } } },
    http_req_duration: { type: "trend", values: { "p(99)": 3.5, avg: 1, count: 100 } },
  },
  root_group: { name: "", checks: [{ name: 'c: answered <by> "weighted" & more', passes: 99, fails: 1 }], groups: [{ name: "g", checks: [{ name: "inner", passes: 1, fails: 0 }] }] },
};

/** A retries run on a clean mesh: 84 of 667 requests fail by design, the success rate holds its bound. */
const retriesPass: K6SummaryData = {
  state: { testRunDurationMs: 9000 },
  metrics: {
    retries_success: { type: "rate", values: { rate: 583 / 667, passes: 583, fails: 84 } },
    "retries_success{target:r}": { type: "rate", values: { rate: 583 / 667, passes: 583, fails: 84 }, thresholds: { "rate>=0.83": { ok: true }, "rate>=0.8": { ok: true } } },
    "retries_requests{target:r}": { type: "counter", values: { count: 667, rate: 74 }, thresholds: { "count>=667": { ok: true } } },
  },
  root_group: { name: "", checks: [{ name: "r: succeeded (after retries)", passes: 583, fails: 84 }] },
};

/** A canary run aborted in setup: the target never answered (exit 108). */
const aborted: K6SummaryData = {
  state: { testRunDurationMs: 5000 },
  metrics: {
    [COULD_NOT_TEST_METRIC]: { type: "counter", values: { count: 1, rate: 0.2 } },
    canary_answered: { type: "rate", values: { rate: 0, passes: 0, fails: 0 }, thresholds: { "rate==1": { ok: true } } },
    "canary_requests{target:c}": { type: "counter", values: { count: 0, rate: 0 }, thresholds: { "count>=776": { ok: false } } },
  },
  root_group: { name: "", groups: [{ name: "setup", checks: [{ name: `${ABORT_CHECK_PREFIX}canary c: no HTTP answer (last: error:ECONNREFUSED): target unreachable, nothing tested`, passes: 0, fails: 1 }] }] },
};

describe("scenarios/lib/summary", () => {
  it("reads each threshold's status and the value it judged", () => {
    const s = summarize(data, "canary", "local", { "target c": "90/10" });
    assert.equal(s.verdict, "fail");
    assert.equal(s.durationMs, 1234);
    assert.deepEqual(s.thresholds, [
      { metric: "canary_requests", expression: "count>=776", status: "breached", value: 100 },
      { metric: "canary_share{destination:v2,target:c}", expression: "rate<=0.15", status: "breached", value: 0.2, passes: 20, fails: 80 },
      { metric: "canary_share{destination:v2,target:c}", expression: "rate>=0.05", status: "passed", value: 0.2, passes: 20, fails: 80 },
    ]);
    assert.deepEqual(s.checks.map((c) => c.name), ['c: answered <by> "weighted" & more', "g::inner"]);
    assert.deepEqual(s.reasons, []);
    assert.equal(summarize({ metrics: { m: { type: "rate", values: { rate: 1, passes: 3, fails: 0 }, thresholds: { "rate==1": { ok: true } } } } }, "x", "p").verdict, "pass");
  });

  it("passes a run whose checks count expected failures, with no JUnit failure or error (exit 0)", () => {
    const s = summarize(retriesPass, "retries", "local");
    assert.equal(s.verdict, "pass");
    const xml = renderJUnit(s);
    assert.match(xml, /<testsuite name="retries" tests="4" failures="0" errors="0" time="9\.000">/);
    assert.doesNotMatch(xml, /<failure|<error/);
    // The check is shown as the rate it is, and the threshold with what it judged.
    assert.match(xml, /name="r: succeeded \(after retries\)"><system-out>583 of 667 passed \(87\.4%\)<\/system-out>/);
    assert.match(xml, /name="retries_success\{target:r\} rate&gt;=0\.83"><system-out>rate=0\.8741 \(583 of 667\)<\/system-out>/);
    const text = renderText(s);
    assert.match(text, /^meshcheck k6 retries \(local\): PASS\n/);
    assert.doesNotMatch(text, /✗/);
    assert.match(text, /✓ retries_success\{target:r\} rate>=0\.83 \(rate=0\.8741 \(583 of 667\)\)/);
    assert.match(text, /· check "r: succeeded \(after retries\)": 583 of 667 passed \(87\.4%\)/);
  });

  it("fails a run whose fail-claim threshold broke (exit 99): a JUnit failure, no error", () => {
    const breached: K6SummaryData = {
      ...retriesPass,
      metrics: { ...retriesPass.metrics, "retries_success{target:r}": { type: "rate", values: { rate: 334 / 667, passes: 334, fails: 333 }, thresholds: { "rate>=0.83": { ok: false }, "rate>=0.8": { ok: false } } } },
    };
    const s = summarize(breached, "retries", "local");
    assert.equal(s.verdict, "fail");
    const xml = renderJUnit(s);
    assert.match(xml, /<testsuite name="retries" tests="4" failures="2" errors="0"/);
    assert.match(xml, /<failure message="threshold rate&gt;=0\.8 on retries_success\{target:r\} breached: rate=0\.5007 \(334 of 667\)"\/>/);
  });

  it("calls an aborted run (exit 108) an error, with the abort's reason, in JSON and JUnit", () => {
    const s = summarize(aborted, "canary", "local");
    assert.equal(s.verdict, "error");
    assert.deepEqual(s.reasons, [
      "canary c: no HTTP answer (last: error:ECONNREFUSED): target unreachable, nothing tested",
      "canary_answered rate==1: not evaluated, the metric got no samples",
    ]);
    // The abort's carrier check is a reason, not a check.
    assert.deepEqual(s.checks, []);
    const files = summaryFiles(s, "reports");
    assert.equal(JSON.parse(files["reports/k6-canary.json"]!).verdict, "error");
    const xml = files["reports/k6-canary.junit.xml"]!;
    // The sample-count threshold broke because the run stopped: an error too, never a failure.
    assert.match(xml, /<testsuite name="canary" tests="3" failures="0" errors="3"/);
    assert.doesNotMatch(xml, /<failure/);
    assert.match(xml, /<error message="threshold count&gt;=776 on canary_requests\{target:c\} breached after the run stopped \(could not test\): count=0"\/>/);
    assert.match(xml, /<testcase classname="meshcheck\.k6\.canary" name="run"><error message="could not test: canary c: no HTTP answer \(last: error:ECONNREFUSED\): target unreachable, nothing tested"\/>/);
    assert.match(files.stdout!, /^meshcheck k6 canary \(local\): ERROR\n {2}! canary c: no HTTP answer/);
    // Without the carrier check the verdict still stands, and says it has no reason.
    const bare = summarize({ ...aborted, root_group: { name: "" } }, "canary", "local");
    assert.equal(bare.verdict, "error");
    assert.match(bare.reasons[0]!, /aborted \(exit 108\); the scenario recorded no reason/);
  });

  it("never shows a threshold without samples as passed: not evaluated, verdict error, a JUnit <error>", () => {
    // k6 reports ok for a rate with no samples (no value to compare) and a made-up rate 0.
    const empty: K6SummaryData = {
      metrics: {
        timeouts_control_ok: { type: "rate", values: { rate: 0, passes: 0, fails: 0 }, thresholds: { "rate==1": { ok: true } } },
        timeouts_slow_latency: { type: "trend", values: { min: 0, max: 0, count: 0 }, thresholds: { "min>=900": { ok: false } } },
        timeouts_requests: { type: "counter", values: { count: 4, rate: 1 }, thresholds: { "count>=4": { ok: true } } },
      },
    };
    const s = summarize(empty, "timeouts", "local");
    assert.equal(s.verdict, "error");
    assert.deepEqual(
      s.thresholds.map((t) => [t.metric, t.status, t.value]),
      [
        ["timeouts_control_ok", "not evaluated", undefined],
        ["timeouts_requests", "passed", 4],
        ["timeouts_slow_latency", "not evaluated", undefined],
      ],
    );
    const text = renderText(s);
    assert.match(text, /\? timeouts_control_ok rate==1 \(not evaluated: no samples\)/);
    assert.doesNotMatch(text, /✓ timeouts_control_ok/);
    const xml = renderJUnit(s);
    assert.match(xml, /failures="0" errors="2"/);
    assert.match(xml, /name="timeouts_control_ok rate==1"><error message="threshold rate==1 on timeouts_control_ok not evaluated: the metric got no samples"\/>/);
    // With samples the same trend is judged.
    const sampled = summarize({ metrics: { t: { type: "trend", values: { min: 950, count: 3 }, thresholds: { "min>=900": { ok: true } } } } }, "x", "p");
    assert.equal(sampled.verdict, "pass");
  });

  it("calls a run inconclusive when only a pass-claim (inner) bound broke, and fail when a fail-claim (outer) bound broke", () => {
    const share = (rate: number, ok: Record<string, boolean>): K6SummaryData => ({
      metrics: { "s{destination:v2}": { type: "rate", values: { rate, passes: rate * 100, fails: 100 - rate * 100 }, thresholds: Object.fromEntries(Object.entries(ok).map(([e, v]) => [e, { ok: v }])) } },
    });
    const bounds = (inner: boolean, outer: boolean) => ({ "rate>=0.06": true, "rate<=0.13": inner, "rate>=0.03": true, "rate<=0.18": outer });
    assert.equal(summarize(share(0.1, bounds(true, true)), "canary", "p").verdict, "pass");
    assert.equal(summarize(share(0.14, bounds(false, true)), "canary", "p").verdict, "inconclusive");
    assert.equal(summarize(share(0.2, bounds(false, false)), "canary", "p").verdict, "fail");
    // A single bound is the whole claim: breaking it fails.
    assert.equal(summarize(share(0.2, { "rate<=0.15": false }), "canary", "p").verdict, "fail");
  });

  it("calls an undecided timing run (exit 108) inconclusive, and a fail that stands still fail", () => {
    const undecided: K6SummaryData = {
      metrics: {
        [UNDECIDED_METRIC]: { type: "counter", values: { count: 1, rate: 1 } },
        "faults_delay_judged{target:f}": { type: "rate", values: { rate: 1, passes: 1, fails: 0 }, thresholds: { "rate==1": { ok: true } } },
      },
      root_group: { name: "", checks: [{ name: `${ABORT_CHECK_PREFIX}faults: could not test: f: delayed and slow not separable`, passes: 0, fails: 1 }] },
    };
    const s = summarize(undecided, "faults", "p");
    assert.equal(s.verdict, "inconclusive");
    assert.match(renderJUnit(s), /name="run"><error message="could not test: faults: could not test: f: delayed/);
    const withFail = { ...undecided, metrics: { ...undecided.metrics, "faults_expected{target:f}": { type: "rate", values: { rate: 0.5, passes: 1, fails: 1 }, thresholds: { "rate==1": { ok: false } } } } };
    assert.equal(summarize(withFail, "faults", "p").verdict, "fail");
  });

  it("names the run's testid from handleSummary's setup data, or as given", () => {
    assert.equal(summarize({ ...retriesPass, setup_data: { testid: "run-7" } }, "retries", "p").testid, "run-7");
    assert.equal(summarize(retriesPass, "retries", "p", {}, "given").testid, "given");
    assert.equal(summarize(retriesPass, "retries", "p").testid, undefined);
    const s = summarize({ ...retriesPass, setup_data: { testid: "run-7" } }, "retries", "p");
    assert.match(renderJUnit(s), /<property name="testid" value="run-7"\/>/);
    assert.match(renderText(s), /^meshcheck k6 retries \(p, testid run-7\): PASS/);
  });

  it("asks k6 for every trend statistic a threshold names, and count", () => {
    const stats = summaryTrendStats({ load_latency: ["p(99)<1000"], "t{target:a}": [{ threshold: "p(99.9)<5" }, "min>=900"], load_ok: ["rate>=0.99"], c: ["count>=10"] });
    for (const s of ["p(99)", "p(99.9)", "min", "count", "avg", "med", "max", "p(90)", "p(95)"]) assert.ok(stats.includes(s), s);
    assert.ok(!stats.includes("rate"));
    assert.equal(new Set(stats).size, stats.length);
  });

  it("parses the statistic out of threshold expressions", () => {
    assert.equal(thresholdStat("p(99)<300"), "p(99)");
    assert.equal(thresholdStat("rate==1"), "rate");
    assert.equal(thresholdStat("count>=10"), "count");
  });

  it("renders JUnit with one testcase per threshold and check, text escaped", () => {
    const xml = renderJUnit(summarize(data, "canary", "local", { "target c": "a<b" }));
    assert.match(xml, /<testsuite name="canary" tests="5" failures="2" errors="0" time="1\.234">/);
    assert.match(xml, /<testcase classname="meshcheck\.k6\.canary\.thresholds" name="canary_requests count&gt;=776"><failure message="threshold count&gt;=776 on canary_requests breached: count=100"\/><\/testcase>/);
    assert.match(xml, /name="c: answered &lt;by&gt; &quot;weighted&quot; &amp; more"><system-out>99 of 100 passed \(99\.0%\)<\/system-out>/);
    assert.match(xml, /<property name="target c" value="a&lt;b"\/>/);
    assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ""), /&|<[^?/a-z]/);
  });

  it("writes JSON and JUnit under the reports directory and the verdict to stdout", () => {
    const files = summaryFiles(summarize(data, "canary", "local"), "reports/");
    assert.deepEqual(Object.keys(files).sort(), ["reports/k6-canary.json", "reports/k6-canary.junit.xml", "stdout"]);
    assert.equal(JSON.parse(files["reports/k6-canary.json"]!).kind, "K6ScenarioSummary");
    assert.match(files.stdout!, /^meshcheck k6 canary \(local\): FAIL\n/);
    assert.match(renderText(summarize(data, "canary", "local")), /✗ canary_share\{destination:v2,target:c\} rate<=0\.15 \(rate=0\.2000 \(20 of 100\)\)/);
  });
});
