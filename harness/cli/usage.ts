// Help text: `meshcheck --help` (every command's synopsis) and `meshcheck COMMAND --help` (its
// flags). Plain data with no imports, so printing help never loads a command's module and its
// dependencies (main.ts imports commands only to run them). Keep in step with README
// "Command line".
//
// Why a table and not commander/citty/clipanion: every command already parses its flags with
// node:util parseArgs (strict), and its errors are turned into the one-line UsageError and exit
// 2 the CLI contract promises (parse-flags.ts). A framework would bring per-command help, but
// also its own error wording, its own exit paths (commander calls process.exit unless told
// otherwise) and its own option model in every command file, to replace ~60 lines of text.

export interface CommandUsage {
  /** The synopsis lines, without the leading "meshcheck ". */
  synopsis: string;
  /** One line for the command list. */
  summary: string;
  /** The command's flags and behaviour. */
  details: string;
}

// run's exit codes; continuation lines are indented to follow "Exit codes: ".
const RUN_EXIT_CODES = `0 every check passed · 1 a check failed · 2 usage or configuration error
            (nothing is created) · 3 could not test (target unreachable, a positive control
            failed, inconclusive, interrupted: Ctrl-C/SIGTERM writes a partial report; a second
            one exits at once) · 4 every check passed but the metrics could not be delivered
            (report still written) · 5 the report could not be written where asked: it went to
            a printed fallback path`;

export const COMMAND_USAGE = {
  run: {
    synopsis: `run [--target local|kind|FILE] [--fault F]... [--check ID]... [--feature F]...
    [--out DIR] [--json] [--alpha A] [--beta B] [--tolerance D] [--budget N]
    [--pushgateway URL] [--metrics-file FILE] [--metrics-port PORT [--metrics-address IP]]
    [--history FILE | --no-history] [--manifests DIR] [--concurrency N]`,
    summary: "run the conformance checks against a target and write the run report",
    details: `Start the target (default: the embedded local mesh), run every selected check, write the
run report to reports/<run-id>/run.json (or DIR/run.json with --out), junit.xml, summary.md and
report.html beside it, and one line to the history. Every flag, the target and the faults are
checked first: a usage error creates nothing.

  --target  local (default), kind (the cluster make cluster built; kind/README.md) or a
            target profile file (YAML or JSON); local and kind run preflight first
  --fault   local mesh only: switch on a deliberate defect; repeatable. Switches:
            header-routing-off, mtls-permissive, authz-off, down=WORKLOAD, timeouts-off,
            retries-off, fault-injection-off, circuit-breaker-off, outlier-detection-off,
            no-graceful-restart, httproute-header-match-off. Changed numbers:
            canary-weights=A/B (e.g. 80/20), httproute-weights=A/B (HTTPRoute rules),
            timeout=DURATION (900ms), retry-attempts=N, fault-abort=PERCENT,
            circuit-breaker-scale=K (pool limits × K)
{{CHECK_OPTION}}
  --feature run only this feature (routing, canary, mtls, authz, timeouts, retries,
            fault-injection, circuit-breaking, outlier-detection, disruption); repeatable
  --out     write the run report and its renderings to DIR instead of reports/<run-id>
  --json    write the run report to stdout (progress stays on stderr)
  --tolerance  the pass band of proportion checks: a share within weight ± D (absolute)
            conforms (default 0.05)
  --alpha   max probability that a fail is wrong, i.e. says a share is outside weight ±
            tolerance when none is (default 0.001; holds however long the check runs)
  --beta    max probability that a pass is wrong, i.e. says every share is within weight ±
            tolerance when one is not (default 0.01; holds however long the check runs)
  --budget  most requests per proportion check; when neither claim can be made by then the
            check is inconclusive and says how many a decision would need (default 5000)
  --concurrency  most checks running at once (default 4; 1: one after another). Checks that
            judge latency or a time window, and the disruption check, always run alone;
            the report keeps the same order either way
  --pushgateway  push the run's metrics to this Pushgateway (group job=meshcheck, target=NAME)
  --metrics-file write the run's metrics to FILE (node_exporter textfile format, *.prom)
  --metrics-port serve the run's metrics on http://127.0.0.1:PORT/metrics until Ctrl-C
                 (0: any free port); metrics go out after the report is written
  --metrics-address  the IP address --metrics-port listens on (default 127.0.0.1; 0.0.0.0:
                 every interface, e.g. for an in-cluster Prometheus: a warning says so, as
                 anyone who reaches it can read the run's results)
  --history   append the run's history line to FILE (default: history.jsonl beside the run
              directory, i.e. reports/history.jsonl, or DIR/../history.jsonl with --out DIR)
  --no-history  append no history line
  --manifests local mesh only: serve this copy of kind/manifests instead (preflight runs on
            it first), to test mesh config changes without a cluster

Progress goes to stderr: on a terminal a status line, otherwise a line per event and at least
one every 5 s. Colour on a terminal; NO_COLOR (not empty) turns it off, FORCE_COLOR=1 on
(also in a pipe), FORCE_COLOR=0 off.

Exit codes: ${RUN_EXIT_CODES}`,
  },
  mesh: {
    synopsis: "mesh up [--manifests DIR] [--fault F]... [--profile-out FILE]",
    summary: "run the local mesh in the foreground",
    details: `Run the local mesh in the foreground and print its addresses; Ctrl-C stops it.

  --manifests    serve this copy of kind/manifests instead (preflight runs on it first)
  --fault        a deliberate defect, as for run; repeatable
  --profile-out  write the mesh's target profile, with this run's admin tokens, to FILE
                 (mode 0600), for meshcheck run --target FILE or k6: JSON when FILE ends
                 in .json (the form the k6 scenarios read), else YAML

Exit codes: 0 stopped by Ctrl-C/SIGTERM · 2 bad flags, manifests or faults, a failed start, or
            a profile not written`,
  },
  report: {
    synopsis: "report RUN.json|RUN-DIR [--out DIR]",
    summary: "re-render junit.xml, summary.md and report.html from a run report",
    details: `Re-render junit.xml, summary.md and report.html from a run.json (or a run directory holding
one), beside it or in --out DIR.

Exit codes: 0 written · 2 bad flags, an unreadable report, or a rendering not written`,
  },
  history: {
    synopsis: "history [--file FILE] [--last N] [--out FILE] [--with-faults]",
    summary: "an HTML trend page of the last runs",
    details: `Write an HTML trend page of the last N runs from the append-only history file: shares and
p50/p99 latency over runs, a verdict grid, a link to each run's report. Runs made with --fault
are marked and left out of the trend lines.

  --file         the history file (default reports/history.jsonl)
  --last         how many runs, newest last (default 30)
  --out          the page (default reports/history.html)
  --with-faults  draw the runs made with faults in the trend lines too

Exit codes: 0 written · 2 bad flags or no history file · 5 written to a printed fallback path`,
  },
  diff: {
    synopsis: "diff BEFORE.json AFTER.json [--alpha A] [--json]",
    summary: "what changed between two runs (e.g. across an Istio upgrade)",
    details: `Compare two run reports. First what differed besides the mesh (faults, target, settings),
then checks whose status changed, canary shares that moved beyond sampling noise (Fisher's exact
test at α), and latency p50/p99 that moved ×1.5 and ≥ 1 ms with the slow share moving
significantly. Human lines on stderr.

  --alpha  the tests' significance level, above 0 and below 0.5 (default: the runs' own α)
  --json   the comparison as JSON on stdout

Exit codes: 0 no regression · 1 a regression · 2 bad flags or reports · 3 nothing could be
compared (e.g. the after-run tested nothing)`,
  },
  preflight: {
    synopsis: "preflight [DIR]",
    summary: "static checks of the mesh configuration, no cluster",
    details: `Static checks of DIR (default kind/: manifests, helm values, kind config, scripts), no
cluster needed. Prints file:line: severity: rule: message on stdout, a count on stderr.

Exit codes: 0 no error finding · 2 an error finding, or bad input`,
  },
  load: {
    synopsis: "load [--target kind|local|FILE] [--rate N] [--duration S] [--budget F] [--out FILE]",
    summary: "steady traffic through the gateway against an error budget",
    details: `Steady traffic through the target's gateway (its first canary host, else its first routed
host) until Ctrl-C/SIGTERM or --duration, then the error rate against --budget. Progress on
stderr as for run: a status line on a terminal, otherwise a line at least every 5 s.

  --target    kind (default), local, or a target profile file
  --rate      requests per second (default 20)
  --duration  seconds to run (default: until stopped)
  --budget    the failure share allowed: no answer or 5xx (default 0.01)
  --out       write a JSON summary to FILE

Exit codes: 0 within budget · 1 over it · 2 bad flags or --out · 3 target unreachable, or the
rate achieved fell more than 10% short of --rate (after 0.5 s of lag allowance) · 5 the
summary written to a printed fallback path`,
  },
} as const satisfies Record<string, CommandUsage>;

export type CommandName = keyof typeof COMMAND_USAGE;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}

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

/**
 * `meshcheck COMMAND --help`. `checkIds`: the registry's check ids, which `run --help` lists (the
 * caller loads the registry only then, so a new feature is in the help without an edit here).
 */
export function commandUsage(name: CommandName, checkIds: readonly string[] = []): string {
  const u = COMMAND_USAGE[name];
  const checkOption = fill(
    "  --check   run only this check (e.g. canary-split, or canary-split/workshop-canary):",
    [...checkIds.map((id, i) => `${id}${i === checkIds.length - 1 ? ";" : ","}`), "repeatable"],
    " ".repeat(12),
    101,
  );
  return `Usage: meshcheck ${u.synopsis}\n\n${u.details.replace("{{CHECK_OPTION}}", checkOption)}\n`;
}

/** `meshcheck --help`: every command's synopsis and what it does. */
export const USAGE = `meshcheck — traffic and resilience conformance for Istio service meshes

Usage:
${Object.values(COMMAND_USAGE)
  .map((u) => `  meshcheck ${u.synopsis.replace(/\n/g, "\n          ")}\n      ${u.summary}`)
  .join("\n")}
  meshcheck help COMMAND | meshcheck COMMAND --help
      a command's flags and exit codes
  meshcheck -V | --version

Exit codes of run (each command's --help gives its own):
            ${RUN_EXIT_CODES}
`;
