// The Grafana dashboard is checked against what the exporter really emits: a panel that queries
// a metric or label meshcheck never exports would be an empty panel nobody notices.
// (prometheus-roundtrip.test.ts also runs every query against a real Prometheus.)
import assert from "node:assert/strict";
import { renderMetrics } from "../../harness/metrics/registry.js";
import { SAMPLE_REPORT } from "./sample-report.js";
import { allPanels, allQueries, labelNames, loadDashboard, metricNames, type Dashboard } from "./dashboard.js";

async function emitted(): Promise<{ metrics: Set<string>; labels: Set<string> }> {
  const { text } = await renderMetrics(SAMPLE_REPORT);
  const metrics = new Set<string>();
  const labels = new Set<string>(["__name__", "job", "instance"]);
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!m) continue;
    metrics.add(m[1]!);
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(l[1]!);
  }
  return { metrics, labels };
}

describe("Grafana dashboard", () => {
  let d: Dashboard;
  before(async () => {
    d = await loadDashboard();
  });

  it("is a dashboard with a uid, a title and panels", () => {
    assert.equal(typeof d.uid, "string");
    assert.ok(d.uid.length > 0 && d.uid.length <= 40, "Grafana uids are at most 40 characters");
    assert.match(d.title, /meshcheck/);
    assert.ok(allPanels(d).length >= 8);
  });

  it("has unique panel ids", () => {
    const ids = allPanels(d).map((p) => p.id);
    assert.ok(ids.every((id) => Number.isInteger(id)), JSON.stringify(ids));
    assert.equal(new Set(ids).size, ids.length, JSON.stringify(ids));
  });

  it("takes its Prometheus from a datasource variable, in every panel and query", () => {
    const v = d.templating.list.find((x) => x.type === "datasource");
    assert.ok(v, "a datasource variable");
    assert.equal(v.query, "prometheus");
    const uid = `\${${v.name}}`;
    for (const p of allPanels(d).filter((x) => x.type !== "row")) {
      assert.equal(p.datasource?.uid, uid, `panel ${p.id} "${p.title}"`);
      for (const t of p.targets ?? []) assert.equal(t.datasource?.uid, uid, `panel ${p.id} ${t.refId}`);
    }
    for (const q of d.templating.list.filter((x) => x.type === "query")) assert.equal(q.datasource?.uid, uid, `variable ${q.name}`);
  });

  it("queries only metric names and labels the exporter emits", async () => {
    const { metrics, labels } = await emitted();
    const queries = allQueries(d);
    assert.ok(queries.length >= 10);
    for (const { where, expr } of queries) {
      const used = metricNames(expr);
      assert.ok(used.length > 0, `${where}: selects no metric: ${expr}`);
      for (const name of used) assert.ok(metrics.has(name), `${where}: ${name} is not exported`);
      for (const label of labelNames(expr)) assert.ok(labels.has(label) || label === "le", `${where}: label ${label} is not exported`);
    }
  });

  it("covers what nightly runs are watched for", () => {
    const exprs = allQueries(d).map((q) => q.expr).join("\n");
    for (const needle of [
      "meshcheck_check_status",
      "meshcheck_canary_share_ratio{",
      "meshcheck_canary_expected_share_ratio{",
      "meshcheck_canary_share_lower_ratio{",
      "meshcheck_canary_share_upper_ratio{",
      "meshcheck_requests",
      "histogram_quantile(0.9, sum by (le, check) (meshcheck_request_duration_seconds_bucket",
      "meshcheck_run_duration_seconds",
      "meshcheck_run_timestamp_seconds",
    ]) {
      assert.ok(exprs.includes(needle), needle);
    }
  });

  it("the helpers find what a query uses (so the checks above can fail)", () => {
    const e = 'histogram_quantile(0.9, sum by (le, check) (meshcheck_request_duration_seconds_bucket{target="$target",kind=~"a|b"})) / on (check) meshcheck_typo';
    assert.deepEqual(metricNames(e), ["meshcheck_request_duration_seconds_bucket", "meshcheck_typo"]);
    assert.deepEqual(labelNames(e), ["target", "kind", "le", "check", "check"]);
    assert.deepEqual(metricNames('label_values(meshcheck_canary_share_ratio{target="$target"}, check_target)'), ["meshcheck_canary_share_ratio"]);
    assert.deepEqual(labelNames('label_values(meshcheck_canary_share_ratio{target="$target"}, check_targets)'), ["target", "check_targets"]);
  });
});
