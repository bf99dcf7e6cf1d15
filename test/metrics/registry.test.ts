// The exposition of a fixed RunReport, line for line: names, types, labels and values are the
// contract dashboards and alerts are written against.
import assert from "node:assert/strict";
import { register as globalRegistry } from "prom-client";
import { metricsRegistry, renderMetrics } from "../../harness/metrics/registry.js";
import { BucketedHistogram } from "../../harness/metrics/bucketed-histogram.js";
import type { RunReport } from "../../harness/report/types.js";
import { SAMPLE_REPORT } from "./sample-report.js";

const C = 'target="staging",check="canary-split",check_target="shop",feature="canary"';
const M = 'target="staging",check="mtls-strict",check_target="shop-strict",feature="mtls"';
const CO = 'target="staging",check="canary-split",check_target="shop"';
const LE = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];

// Every line but # HELP (help texts are prose; they are checked for presence below).
const EXPECTED = [
  "# TYPE meshcheck_run_timestamp_seconds gauge",
  'meshcheck_run_timestamp_seconds{target="staging"} 1767225602.5',
  "# TYPE meshcheck_run_duration_seconds gauge",
  'meshcheck_run_duration_seconds{target="staging"} 2.5',
  "# TYPE meshcheck_run_verdict gauge",
  'meshcheck_run_verdict{target="staging",verdict="pass"} 0',
  'meshcheck_run_verdict{target="staging",verdict="fail"} 1',
  'meshcheck_run_verdict{target="staging",verdict="could-not-test"} 0',
  "# TYPE meshcheck_run_exit_code gauge",
  'meshcheck_run_exit_code{target="staging"} 1',
  "# TYPE meshcheck_checks gauge",
  'meshcheck_checks{target="staging",status="pass"} 1',
  'meshcheck_checks{target="staging",status="fail"} 1',
  'meshcheck_checks{target="staging",status="inconclusive"} 0',
  'meshcheck_checks{target="staging",status="error"} 0',
  'meshcheck_checks{target="staging",status="skipped"} 1',
  "# TYPE meshcheck_check_status gauge",
  `meshcheck_check_status{${C},status="pass"} 1`,
  `meshcheck_check_status{${C},status="fail"} 0`,
  `meshcheck_check_status{${C},status="inconclusive"} 0`,
  `meshcheck_check_status{${C},status="error"} 0`,
  `meshcheck_check_status{${M},status="pass"} 0`,
  `meshcheck_check_status{${M},status="fail"} 1`,
  `meshcheck_check_status{${M},status="inconclusive"} 0`,
  `meshcheck_check_status{${M},status="error"} 0`,
  "# TYPE meshcheck_check_duration_seconds gauge",
  `meshcheck_check_duration_seconds{${C}} 1.5`,
  `meshcheck_check_duration_seconds{${M}} 0.25`,
  "# TYPE meshcheck_requests gauge",
  `meshcheck_requests{${C},destination="v1",outcome="dest"} 8`,
  `meshcheck_requests{${C},destination="v2",outcome="dest"} 1`,
  `meshcheck_requests{${C},outcome="unidentified"} 1`,
  `meshcheck_requests{${M},destination="v1",outcome="dest"} 1`,
  `meshcheck_requests{${M},outcome="error_ECONNRESET"} 1`,
  `meshcheck_requests{${M},outcome="error_TIMEOUT"} 1`,
  "# TYPE meshcheck_responses gauge",
  `meshcheck_responses{${C},code="200"} 9`,
  `meshcheck_responses{${C},code="503"} 1`,
  `meshcheck_responses{${M},code="200"} 1`,
  "# TYPE meshcheck_canary_share_ratio gauge",
  `meshcheck_canary_share_ratio{${CO},destination="v1"} 0.875`,
  `meshcheck_canary_share_ratio{${CO},destination="v2"} 0.125`,
  "# TYPE meshcheck_canary_expected_share_ratio gauge",
  `meshcheck_canary_expected_share_ratio{${CO},destination="v1"} 0.9`,
  `meshcheck_canary_expected_share_ratio{${CO},destination="v2"} 0.1`,
  "# TYPE meshcheck_canary_share_lower_ratio gauge",
  `meshcheck_canary_share_lower_ratio{${CO},destination="v1"} 0.5`,
  `meshcheck_canary_share_lower_ratio{${CO},destination="v2"} 0.03125`,
  "# TYPE meshcheck_canary_share_upper_ratio gauge",
  `meshcheck_canary_share_upper_ratio{${CO},destination="v1"} 0.96875`,
  `meshcheck_canary_share_upper_ratio{${CO},destination="v2"} 0.5`,
  "# TYPE meshcheck_canary_sample_requests gauge",
  `meshcheck_canary_sample_requests{${CO}} 8`,
  "# TYPE meshcheck_canary_p_value gauge",
  `meshcheck_canary_p_value{${CO}} 1`,
  "# TYPE meshcheck_canary_ci_level gauge",
  `meshcheck_canary_ci_level{${CO}} 0.99`,
  "# TYPE meshcheck_request_duration_seconds histogram",
  ...[0, 2, 4, 8, 9, 9, 10, 10, 10, 10, 10, 10, 10, 10].map((n, i) => `meshcheck_request_duration_seconds_bucket{${C},le="${LE[i]}"} ${n}`),
  `meshcheck_request_duration_seconds_sum{${C}} 0.0625`,
  `meshcheck_request_duration_seconds_count{${C}} 10`,
  ...[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3].map((n, i) => `meshcheck_request_duration_seconds_bucket{${M},le="${LE[i]}"} ${n}`),
  `meshcheck_request_duration_seconds_sum{${M}} 12.004`,
  `meshcheck_request_duration_seconds_count{${M}} 3`,
];

function clone(r: RunReport): RunReport {
  return structuredClone(r);
}

describe("metrics registry", () => {
  it("renders the fixed report exactly: names, types, labels, values, and no run id", async () => {
    const { text, contentType } = await renderMetrics(SAMPLE_REPORT);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("# HELP "));
    assert.deepEqual(lines, EXPECTED);
    assert.ok(!text.includes(SAMPLE_REPORT.runId), "a run id label would make a new series every night");
    assert.ok(text.endsWith("\n"));
  });

  it("gives every family a help line", async () => {
    const { text } = await renderMetrics(SAMPLE_REPORT);
    const types = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    const helps = [...text.matchAll(/^# HELP (\S+) \S/gm)].map((m) => m[1]);
    assert.deepEqual(helps, types);
  });

  it("partitions each check's requests by outcome: the series sum to the report's request count", async () => {
    const json = await metricsRegistry(SAMPLE_REPORT).getMetricsAsJSON();
    const requests = json.find((m) => m.name === "meshcheck_requests")!;
    for (const c of SAMPLE_REPORT.checks) {
      const sum = requests.values.filter((v) => v.labels.check_target === c.target).reduce((a, v) => a + v.value, 0);
      assert.equal(sum, c.traffic.requests, c.id);
    }
  });

  it("shows a status change: the old status drops to 0, the new one is 1", async () => {
    const after = clone(SAMPLE_REPORT);
    after.checks[1]!.status = "pass";
    const { text } = await renderMetrics(after);
    assert.ok(text.includes(`meshcheck_check_status{${M},status="pass"} 1\n`));
    assert.ok(text.includes(`meshcheck_check_status{${M},status="fail"} 0\n`));
  });

  it("uses a fresh registry per report and leaves prom-client's global registry alone", async () => {
    const before = globalRegistry.getMetricsAsArray().length;
    const a = metricsRegistry(SAMPLE_REPORT);
    const b = metricsRegistry(SAMPLE_REPORT);
    assert.notEqual(a, b);
    assert.equal(await a.metrics(), await b.metrics());
    assert.equal(globalRegistry.getMetricsAsArray().length, before);
  });

  it("renders a run that never started: run-level series only, verdict could-not-test", async () => {
    const failed: RunReport = { ...clone(SAMPLE_REPORT), checks: [], skipped: [], verdict: "could-not-test", exitCode: 2, counts: { pass: 0, fail: 0, inconclusive: 0, error: 0, skipped: 0 } };
    const { text } = await renderMetrics(failed);
    assert.ok(text.includes('meshcheck_run_verdict{target="staging",verdict="could-not-test"} 1\n'));
    assert.ok(text.includes('meshcheck_run_exit_code{target="staging"} 2\n'));
    assert.ok(!text.includes("check_target="));
  });

  it("escapes label values a profile could contain", async () => {
    const odd = clone(SAMPLE_REPORT);
    odd.target.name = 'a"b\\c';
    const { text } = await renderMetrics(odd);
    assert.ok(text.includes('meshcheck_run_duration_seconds{target="a\\"b\\\\c"} 2.5\n'));
  });
});

describe("bucketed histogram", () => {
  const ok = { le: [0.1, 1], cumulative: [1, 2], count: 3, sum: 4 };
  it("rejects buckets that are not a cumulative histogram", () => {
    const h = new BucketedHistogram("x_seconds", "x");
    assert.throws(() => h.load({}, { ...ok, cumulative: [1] }), /2 bounds but 1 counts/);
    assert.throws(() => h.load({}, { ...ok, le: [1, 0.1] }), /bounds must ascend/);
    assert.throws(() => h.load({}, { ...ok, cumulative: [2, 1] }), /cumulative/);
    assert.throws(() => h.load({}, { ...ok, count: 1 }), /at most count/);
    assert.throws(() => h.load({ le: "1" }, ok), /le is a reserved label/);
  });
});
