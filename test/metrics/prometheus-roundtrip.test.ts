// The real round trip: meshcheck runs the local mesh and pushes to Debian's Pushgateway,
// Prometheus scrapes it, and what Prometheus answers equals the run report, series for series.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary, getText, startPromStack, until, type PromStack } from "./prom-stack.js";
import { meshcheck } from "./meshcheck-child.js";
import { pushMetrics } from "../../harness/metrics/pushgateway.js";
import { renderMetrics } from "../../harness/metrics/registry.js";
import type { RunReport } from "../../harness/report/types.js";
import { SAMPLE_REPORT } from "./sample-report.js";
import { allQueries, loadDashboard, substitute } from "./dashboard.js";

type Sample = { metric: Record<string, string>; value: [number, string] };

const ALLOWED_LABELS = new Set(["__name__", "job", "instance", "target", "check", "check_target", "feature", "status", "verdict", "destination", "outcome", "code", "kind", "le"]);

describe("Prometheus round trip (real pushgateway and prometheus)", function () {
  // A deadline, not a margin: a whole local run (up to meshcheck-child's 240 s on a loaded machine) and the scrape wait.
  this.timeout(300_000);
  let stack: PromStack | undefined;
  let dir: string | undefined;

  before(async function () {
    const prometheus = await findBinary("prometheus");
    const pushgateway = await findBinary("prometheus-pushgateway");
    if (!prometheus || !pushgateway) {
      console.log(`    skipped: ${!prometheus ? "prometheus" : "prometheus-pushgateway"} is not installed (Debian packages prometheus, prometheus-pushgateway; .ci/install-tools.sh installs them)`);
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), "meshcheck-roundtrip-"));
    stack = await startPromStack({ prometheus, pushgateway });
  });

  after(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("meshcheck run --pushgateway: Prometheus's series equal the run report", async () => {
    const s = stack!;
    const out = join(dir!, "out");
    const r = await meshcheck(["run", "--out", out, "--pushgateway", s.pushgatewayUrl]);
    const report = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
    assert.equal(r.code, report.exitCode, r.stderr);
    assert.match(r.stderr, /meshcheck: metrics pushed to http:\/\/127\.0\.0\.1:\d+\/metrics\/job\/meshcheck\/target\/local\n/);
    assert.ok(report.checks.length >= 4, "the local mesh runs every check");

    const sel = `job="meshcheck",target="${report.target.name}"`;
    const q = (expr: string) => s.query(expr);
    // Polled: Prometheus sees the push at its next scrape (1 s interval).
    await until(
      "Prometheus to scrape this run",
      async () => {
        const ts = await q(`meshcheck_run_timestamp_seconds{${sel}}`);
        return ts.length === 1 && Number(ts[0]!.value[1]) === Date.parse(report.finishedAt) / 1000 ? true : undefined;
      },
      30_000,
    );

    const num = (x: Sample) => Number(x.value[1]);
    const one = async (expr: string) => {
      const v = await q(expr);
      assert.equal(v.length, 1, `${expr}: ${JSON.stringify(v)}`);
      return num(v[0]!);
    };

    // Run level.
    assert.equal(await one(`meshcheck_run_duration_seconds{${sel}}`), report.durationMs / 1000);
    assert.equal(await one(`meshcheck_run_exit_code{${sel}}`), report.exitCode);
    assert.deepEqual((await q(`meshcheck_run_verdict{${sel}} == 1`)).map((x) => x.metric.verdict), [report.verdict]);
    for (const status of ["pass", "fail", "inconclusive", "error", "skipped"] as const) {
      assert.equal(await one(`meshcheck_checks{${sel},status="${status}"}`), report.counts[status], status);
    }

    // Check statuses: exactly one status is 1 per check, and it is the report's.
    const current = await q(`meshcheck_check_status{${sel}} == 1`);
    assert.deepEqual(
      Object.fromEntries(current.map((x) => [`${x.metric.check}/${x.metric.check_target}`, x.metric.status])),
      Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
    );
    assert.equal((await q(`meshcheck_check_status{${sel}}`)).length, report.checks.length * 4);

    for (const c of report.checks) {
      const at = `${sel},check="${c.check}",check_target="${c.target}"`;

      // Requests by destination and outcome, each series equal to the report's count.
      const requests = await q(`meshcheck_requests{${at}}`);
      const got = Object.fromEntries(requests.map((x) => [x.metric.outcome === "dest" ? `dest:${x.metric.destination}` : x.metric.outcome!, num(x)]));
      const want: Record<string, number> = {};
      for (const [d, n] of Object.entries(c.traffic.byDestination)) want[`dest:${d}`] = n;
      if (c.traffic.unidentified > 0) want.unidentified = c.traffic.unidentified;
      for (const [e, n] of Object.entries(c.traffic.byError)) want[`error_${e}`] = n!;
      assert.deepEqual(got, want, c.id);
      assert.equal(await one(`sum(meshcheck_requests{${at}})`), c.traffic.requests, c.id);

      const responses = await q(`meshcheck_responses{${at}}`);
      assert.deepEqual(Object.fromEntries(responses.map((x) => [x.metric.code, num(x)])), c.traffic.byStatus, c.id);

      // The latency histogram, bucket for bucket.
      const h = c.traffic.latencyHistogram;
      assert.equal(await one(`meshcheck_request_duration_seconds_count{${at}}`), h.count, c.id);
      assert.equal(await one(`meshcheck_request_duration_seconds_bucket{${at},le="+Inf"}`), h.count, c.id);
      const buckets = await q(`meshcheck_request_duration_seconds_bucket{${at},le!="+Inf"}`);
      const byLe = new Map(buckets.map((x) => [Number(x.metric.le), num(x)]));
      assert.deepEqual(h.leMs.map((ms) => byLe.get(ms / 1000)), h.cumulative, c.id);
      assert.equal(await one(`meshcheck_request_duration_seconds_sum{${at}}`), Number((h.sumMs / 1000).toPrecision(12)), c.id);

      if (c.evidence.kind === "canary") {
        const own = `target="${report.target.name}",check="${c.check}",check_target="${c.target}"`;
        assert.equal(await one(`meshcheck_canary_sample_requests{${own}}`), c.evidence.proportion.requests, c.id);
        for (const d of c.evidence.proportion.destinations) {
          const share = async (metric: string) => one(`${metric}{${at},destination="${d.name}"}`);
          assert.equal(await share("meshcheck_canary_share_ratio"), d.share, `${c.id} ${d.name}`);
          assert.equal(await share("meshcheck_canary_expected_share_ratio"), d.expectedShare, `${c.id} ${d.name}`);
          assert.equal(await share("meshcheck_canary_share_lower_ratio"), d.ci[0], `${c.id} ${d.name}`);
          assert.equal(await share("meshcheck_canary_share_upper_ratio"), d.ci[1], `${c.id} ${d.name}`);
        }
      }
    }
    assert.ok(report.checks.some((c) => c.evidence.kind === "canary"), "the canary check ran, so its shares were compared");

    // PromQL over the exported histogram works as a dashboard would use it.
    const p90 = await q(`histogram_quantile(0.9, sum by (le) (meshcheck_request_duration_seconds_bucket{${sel}}))`);
    assert.equal(p90.length, 1);
    assert.ok(Number.isFinite(num(p90[0]!)) && num(p90[0]!) > 0, JSON.stringify(p90));

    // Cardinality: only the documented labels, and no run id anywhere.
    const all = await q(`{${sel}}`);
    for (const x of all) {
      for (const label of Object.keys(x.metric)) assert.ok(ALLOWED_LABELS.has(label), `unexpected label ${label} on ${x.metric.__name__}`);
      assert.ok(!Object.values(x.metric).includes(report.runId));
    }
  });

  it("every query of the Grafana dashboard runs on Prometheus and finds this run's data", async () => {
    const s = stack!;
    // The first test pushed a full local run; the canary is the local mesh's.
    const vars = { target: "local", canary: "workshop-canary", destination: "v1", datasource: "" };
    const queries = allQueries(await loadDashboard());
    for (const { where, expr } of queries) {
      // Grafana's label_values(selector, label) is not PromQL; this is what it asks Prometheus.
      const promql = substitute(expr, vars).replace(/^label_values\((.*),\s*(\w+)\)$/, "group by ($2) ($1)");
      const result = await s.query(promql);
      assert.ok(result.length > 0, `${where}: no data for ${promql}`);
      assert.ok(result.every((x) => Number.isFinite(Number(x.value[1]))), `${where}: ${JSON.stringify(result)}`);
    }
  });

  it("a later run that fails shows in Prometheus as the status change, and replaces the earlier run's checks", async () => {
    const s = stack!;
    const out = join(dir!, "out-fail");
    const r = await meshcheck(["run", "--check", "mtls-strict", "--fault", "mtls-permissive", "--out", out, "--pushgateway", s.pushgatewayUrl]);
    const report = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunReport;
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(report.checks.map((c) => c.status), ["fail"]);
    await until("Prometheus to scrape the failing run", async () => {
      const ts = await s.query(`meshcheck_run_timestamp_seconds{job="meshcheck",target="local"}`);
      return ts.length === 1 && Number(ts[0]!.value[1]) === Date.parse(report.finishedAt) / 1000 ? true : undefined;
    });
    const at = 'job="meshcheck",target="local",check="mtls-strict"';
    assert.deepEqual((await s.query(`meshcheck_check_status{${at}} == 1`)).map((x) => x.metric.status), ["fail"]);
    assert.deepEqual((await s.query(`meshcheck_check_status{${at},status="pass"}`)).map((x) => x.value[1]), ["0"]);
    assert.deepEqual((await s.query(`meshcheck_run_verdict{job="meshcheck",target="local"} == 1`)).map((x) => x.metric.verdict), ["fail"]);
    // The group was replaced: the first run's other checks are no longer exported.
    assert.deepEqual([...new Set((await s.query(`meshcheck_check_status{job="meshcheck",target="local"}`)).map((x) => x.metric.check))], ["mtls-strict"]);
  });

  it("each push replaces its target's group (a check that stopped running disappears), and a target with '/' is base64-encoded", async () => {
    const s = stack!;
    const base = new URL(s.pushgatewayUrl);
    const target = "team/staging";
    const both: RunReport = { ...structuredClone(SAMPLE_REPORT), target: { ...SAMPLE_REPORT.target, name: target } };
    const canaryOnly: RunReport = { ...structuredClone(both), checks: both.checks.filter((c) => c.check === "canary-split") };

    const first = await pushMetrics(base, target, await renderMetrics(both));
    assert.ok(first.ok, JSON.stringify(first));
    assert.match(first.url.pathname, /\/metrics\/job\/meshcheck\/target@base64\/dGVhbS9zdGFnaW5n$/);
    const series = async () => (await getText(`${s.pushgatewayUrl}/metrics`)).text.split("\n").filter((l) => l.startsWith("meshcheck_check_status{") && l.includes('target="team/staging"'));
    assert.equal((await series()).length, 8);

    const second = await pushMetrics(base, target, await renderMetrics(canaryOnly));
    assert.ok(second.ok, JSON.stringify(second));
    const left = await series();
    assert.equal(left.length, 4);
    assert.ok(left.every((l) => l.includes('check="canary-split"')), left.join("\n"));
  });
});
