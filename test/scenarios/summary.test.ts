import assert from "node:assert/strict";
import { renderJUnit, renderText, summarize, summaryFiles, thresholdStat, type K6SummaryData } from "../../scenarios/lib/summary.js";

const data: K6SummaryData = {
  state: { testRunDurationMs: 1234 },
  metrics: {
    "canary_share{destination:v2,target:c}": { type: "rate", contains: "default", values: { rate: 0.2, passes: 20, fails: 80 }, thresholds: { "rate>=0.05": { ok: true }, "rate<=0.15": { ok: false } } },
    canary_requests: { type: "counter", values: { count: 100, rate: 50 }, thresholds: { "count>=776": { ok: false } } },
    http_req_duration: { type: "trend", values: { "p(99)": 3.5, avg: 1 } },
  },
  root_group: { name: "", checks: [{ name: 'c: answered <by> "weighted" & more', passes: 99, fails: 1 }], groups: [{ name: "g", checks: [{ name: "inner", passes: 1, fails: 0 }] }] },
};

describe("scenarios/lib/summary", () => {
  it("reads each threshold's verdict and the value it judged", () => {
    const s = summarize(data, "canary", "local", { "target c": "90/10" });
    assert.equal(s.verdict, "fail");
    assert.equal(s.durationMs, 1234);
    assert.deepEqual(s.thresholds, [
      { metric: "canary_requests", expression: "count>=776", ok: false, value: 100 },
      { metric: "canary_share{destination:v2,target:c}", expression: "rate<=0.15", ok: false, value: 0.2 },
      { metric: "canary_share{destination:v2,target:c}", expression: "rate>=0.05", ok: true, value: 0.2 },
    ]);
    assert.deepEqual(s.checks.map((c) => c.name), ['c: answered <by> "weighted" & more', "g::inner"]);
    assert.equal(summarize({ metrics: { m: { values: { rate: 1 }, thresholds: { "rate==1": { ok: true } } } } }, "x", "p").verdict, "pass");
  });

  it("calls a run inconclusive when only a pass-claim (inner) bound broke, and fail when a fail-claim (outer) bound broke", () => {
    const share = (rate: number, ok: Record<string, boolean>): K6SummaryData => ({
      metrics: { "s{destination:v2}": { values: { rate }, thresholds: Object.fromEntries(Object.entries(ok).map(([e, v]) => [e, { ok: v }])) } },
    });
    const bounds = (inner: boolean, outer: boolean) => ({ "rate>=0.06": true, "rate<=0.13": inner, "rate>=0.03": true, "rate<=0.18": outer });
    assert.equal(summarize(share(0.1, bounds(true, true)), "canary", "p").verdict, "pass");
    assert.equal(summarize(share(0.14, bounds(false, true)), "canary", "p").verdict, "inconclusive");
    assert.equal(summarize(share(0.2, bounds(false, false)), "canary", "p").verdict, "fail");
    // A single bound is the whole claim: breaking it fails.
    assert.equal(summarize(share(0.2, { "rate<=0.15": false }), "canary", "p").verdict, "fail");
  });

  it("parses the statistic out of threshold expressions", () => {
    assert.equal(thresholdStat("p(99)<300"), "p(99)");
    assert.equal(thresholdStat("rate==1"), "rate");
    assert.equal(thresholdStat("count>=10"), "count");
  });

  it("renders JUnit with one testcase per threshold and check, failures counted, text escaped", () => {
    const xml = renderJUnit(summarize(data, "canary", "local", { "target c": "a<b" }));
    assert.match(xml, /<testsuite name="canary" tests="5" failures="3" errors="0" time="1\.234">/);
    assert.match(xml, /<testcase classname="meshcheck\.k6\.canary\.thresholds" name="canary_requests count&gt;=776"><failure message="threshold count&gt;=776 on canary_requests breached: count=100"\/><\/testcase>/);
    assert.match(xml, /name="c: answered &lt;by&gt; &quot;weighted&quot; &amp; more"><failure message="1 of 100 failed"\/>/);
    assert.match(xml, /<property name="target c" value="a&lt;b"\/>/);
    assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ""), /&|<[^?/a-z]/);
  });

  it("writes JSON and JUnit under the reports directory and the verdict to stdout", () => {
    const files = summaryFiles(summarize(data, "canary", "local"), "reports/");
    assert.deepEqual(Object.keys(files).sort(), ["reports/k6-canary.json", "reports/k6-canary.junit.xml", "stdout"]);
    assert.equal(JSON.parse(files["reports/k6-canary.json"]!).kind, "K6ScenarioSummary");
    assert.match(files.stdout!, /^meshcheck k6 canary \(local\): FAIL\n/);
    assert.match(renderText(summarize(data, "canary", "local")), /✗ canary_share\{destination:v2,target:c\} rate<=0\.15 \(rate=0\.2000\)/);
  });
});
