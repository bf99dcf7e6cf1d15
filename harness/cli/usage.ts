// `meshcheck --help`. Keep in step with README "Command line".
import { ALL_CHECKS } from "../features/registry.js";

/** Words filled into lines of at most `width` characters, every line after the first indented. */
function fill(first: string, words: string[], indent: string, width: number): string {
  const lines = [first];
  for (const w of words) {
    const last = lines[lines.length - 1]!;
    if (last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(indent + w);
  }
  return lines.join("\n");
}

// The check ids come from the registry, so a new feature is in the help without an edit here.
const CHECK_OPTION = fill(
  "  --check   run only this check (e.g. canary-split, or canary-split/workshop-canary):",
  [...ALL_CHECKS.map((c, i) => `${c.id}${i === ALL_CHECKS.length - 1 ? ";" : ","}`), "repeatable"],
  " ".repeat(12),
  101,
);

export const USAGE = `meshcheck — traffic and resilience conformance for Istio service meshes

Usage:
  meshcheck run [--target local|kind|FILE] [--fault F]... [--check ID]... [--feature F]...
                [--out DIR] [--json] [--alpha A] [--beta B] [--tolerance D] [--budget N]
                [--pushgateway URL] [--metrics-file FILE] [--metrics-port PORT]
                [--history FILE | --no-history] [--manifests DIR]
  meshcheck mesh up [--manifests DIR] [--fault F]... [--profile-out FILE]
  meshcheck report RUN.json [--out DIR]
  meshcheck history [--file FILE] [--last N] [--out FILE] [--with-faults]
  meshcheck diff BEFORE.json AFTER.json [--alpha A] [--json]
  meshcheck preflight [DIR]
  meshcheck load [--target kind|local|FILE] [--rate N] [--duration S] [--budget F] [--out FILE]

run         start the target (default: the embedded local mesh), run every selected check,
            write the run report to reports/<run-id>/run.json (or DIR/run.json with --out),
            junit.xml, summary.md and report.html beside it, and one line to the history
  --target  local (default), kind (the cluster make cluster built; kind/README.md) or a
            target profile file (YAML or JSON); local and kind run preflight first
  --fault   local mesh only: switch on a deliberate defect; repeatable. Switches:
            header-routing-off, mtls-permissive, authz-off, down=WORKLOAD, timeouts-off,
            retries-off, fault-injection-off, circuit-breaker-off, outlier-detection-off,
            no-graceful-restart, httproute-header-match-off. Changed numbers:
            canary-weights=A/B (e.g. 80/20), httproute-weights=A/B (HTTPRoute rules),
            timeout=DURATION (900ms), retry-attempts=N, fault-abort=PERCENT,
            circuit-breaker-scale=K (pool limits × K)
${CHECK_OPTION}
  --feature run only this feature (routing, canary, mtls, authz, timeouts, retries,
            fault-injection, circuit-breaking, outlier-detection, disruption); repeatable
  --json    write the run report to stdout (progress stays on stderr)
  --tolerance  the pass band of proportion checks: a share within weight ± D (absolute)
            conforms (default 0.05)
  --alpha   max probability that a fail is wrong, i.e. says a share is outside weight ±
            tolerance when none is (default 0.001; holds however long the check runs)
  --beta    max probability that a pass is wrong, i.e. says every share is within weight ±
            tolerance when one is not (default 0.01; holds however long the check runs)
  --budget  most requests per proportion check; when neither claim can be made by then the
            check is inconclusive and says how many a decision would need (default 5000)
  --pushgateway  push the run's metrics to this Pushgateway (group job=meshcheck, target=NAME)
  --metrics-file write the run's metrics to FILE (node_exporter textfile format, *.prom)
  --metrics-port serve the run's metrics on http://127.0.0.1:PORT/metrics until Ctrl-C
                 (0: any free port); metrics go out after the report is written
  --history   append the run's history line to FILE (default: history.jsonl beside the run
              directory, i.e. reports/history.jsonl, or DIR/../history.jsonl with --out DIR)
  --no-history  append no history line
  --manifests local mesh only: serve this copy of kind/manifests instead (preflight runs on
            it first), to test mesh config changes without a cluster
mesh up     run the local mesh in the foreground; print its addresses; Ctrl-C stops it;
            --profile-out writes its profile, with this run's admin tokens, mode 0600
            (JSON when FILE ends in .json, the form the k6 scenarios read; else YAML)
            (--manifests DIR: as for run)
report      re-render junit.xml, summary.md, report.html from a run.json (beside it, or DIR)
history     write an HTML trend page of the last N runs (default 30) from --file
            (default reports/history.jsonl) to --out (default reports/history.html)
diff        compare two run reports: status changes, canary shares moved by more than
            --tolerance (default: the reports' δ), latency p50/p99 moved ×1.5 and ≥ 1 ms;
            human lines on stderr, --json on stdout; exit 1 on a regression, 3 when
            nothing could be compared (e.g. the after-run tested nothing)
preflight   static checks of DIR (default kind/: manifests, helm values, kind config,
            scripts), no cluster; prints file:line: severity: rule: message; exit 2 on errors
load        steady traffic at --rate/s (default 20) through the gateway until Ctrl-C or
            --duration; exit 1 if failures (no answer or 5xx) exceed --budget (default 0.01),
            3 if the rate achieved fell more than 10% short of --rate
            (after 0.5 s of lag allowance)

Exit codes: 0 every check passed · 1 a check failed · 2 usage or configuration error ·
            3 could not test (target unreachable, a positive control failed, inconclusive,
            interrupted: Ctrl-C/SIGTERM writes a partial report; a second one exits at once) ·
            4 every check passed but the metrics could not be delivered (report still written) ·
            5 the report could not be written where asked: it went to a printed fallback path
`;
