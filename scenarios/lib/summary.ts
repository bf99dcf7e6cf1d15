// handleSummary renderings for the scenarios, written here instead of importing k6's remote
// jslib (no network in CI): a versioned JSON summary, JUnit XML (one testcase per threshold, so
// CI shows which threshold broke, plus one per run that could not test) and a short text verdict
// for stdout. Runtime-neutral: takes k6's summary data as a plain object.
//
// The verdict comes from the thresholds and from how the run ended, never from raw check
// failures: retries and load count failures they expect, and judge them as rates.

/** The parts of k6's handleSummary data this module reads. */
export interface K6SummaryData {
  metrics?: Record<string, K6SummaryMetric>;
  root_group?: K6Group;
  state?: { testRunDurationMs?: number };
  setup_data?: unknown;
}

export interface K6SummaryMetric {
  type?: string;
  contains?: string;
  values?: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Group {
  name?: string;
  checks?: { name: string; passes: number; fails: number }[];
  groups?: K6Group[];
}

/**
 * passed / breached as k6 judged it. not evaluated: the metric got no samples, so k6 had no
 * value to compare (it then reports ok, with a made-up 0): the claim was never tested.
 */
export type ThresholdStatus = "passed" | "breached" | "not evaluated";

export interface ThresholdResult {
  metric: string;
  expression: string;
  status: ThresholdStatus;
  /** The statistic the expression reads, when it was evaluated and the summary has it. */
  value?: number;
  /** For a rate: how many samples were true and false (what the rate was judged on). */
  passes?: number;
  fails?: number;
}

/** A k6 check's tally. Shown, never judged: the thresholds on the matching rates judge. */
export interface CheckResult {
  name: string;
  passes: number;
  fails: number;
}

export type Verdict = "pass" | "fail" | "inconclusive" | "error";

export interface ScenarioSummary {
  apiVersion: "meshcheck/v1";
  kind: "K6ScenarioSummary";
  scenario: string;
  profile: string;
  /** The run's `testid` tag (on every sample), when known. */
  testid?: string;
  /**
   * pass: every threshold was evaluated and held.
   * fail: a threshold other than a pass-claim bound broke (k6 exit 99).
   * inconclusive: only pass-claim bounds broke (a proportion under the tolerance contract
   * carries two bounds per side; breaking the inner one but not the outer one claims nothing,
   * exit 99), or a timing decision was undecided (UNDECIDED_METRIC, exit 108).
   * error: could not test — the run aborted on a failed control, an unreachable target or a
   * broken vantage (COULD_NOT_TEST_METRIC, exit 108), whatever else broke on its incomplete
   * sample; or no threshold broke but one got no samples.
   */
  verdict: Verdict;
  /** Why the verdict is error or inconclusive without a breached threshold: the abort reasons, the unevaluated thresholds. */
  reasons: string[];
  durationMs: number;
  thresholds: ThresholdResult[];
  checks: CheckResult[];
  /** Tag values explained, e.g. routing case "3" → its description. */
  legend: Record<string, string>;
  /** Every metric's values, as k6 reported them (trend times in ms). */
  metrics: Record<string, Record<string, number>>;
}

/**
 * A Counter a scenario adds 1 to just before `exec.test.abort` when it could not test (exit
 * 108): a failed control, an unreachable target, a broken vantage. Verdict error.
 */
export const COULD_NOT_TEST_METRIC = "meshcheck_could_not_test";
/** The same for a timing judgement that a busy machine left undecided (exit 108). Verdict inconclusive. */
export const UNDECIDED_METRIC = "meshcheck_undecided";
/**
 * The abort's reason travels to handleSummary (which runs in a fresh VU, sharing no state with
 * the one that aborted) as the name of a failed check with this prefix.
 */
export const ABORT_CHECK_PREFIX = "aborted: ";

/** The statistic a threshold expression reads: "rate>=0.05" → "rate", "p(99)<300" → "p(99)". */
export function thresholdStat(expression: string): string | undefined {
  return /^\s*([a-z]+(?:\([\d.]+\))?)\s*(?:<=|>=|===|==|!=|<|>)/.exec(expression)?.[1];
}

/** k6's own default trend columns (lib.DefaultSummaryTrendStats). */
const K6_DEFAULT_TREND_STATS = ["avg", "min", "med", "max", "p(90)", "p(95)"];

/**
 * `summaryTrendStats` for a scenario's thresholds: k6's defaults, `count` (so a trend without
 * samples can be told from one whose statistic is 0), and every statistic a threshold names —
 * without it k6 leaves e.g. p(99) out of the summary and the judged value unknown.
 */
export function summaryTrendStats(thresholds: Record<string, readonly (string | { threshold: string })[]>): string[] {
  const stats = new Set([...K6_DEFAULT_TREND_STATS, "count"]);
  for (const list of Object.values(thresholds)) {
    for (const t of list) {
      const stat = thresholdStat(typeof t === "string" ? t : t.threshold);
      if (stat !== undefined && stat !== "rate" && stat !== "value") stats.add(stat);
    }
  }
  return [...stats];
}

/** A rate bound with a looser bound in the same direction on the same metric: the pass claim's (inner) bound. */
function isPassClaimBound(t: ThresholdResult, all: readonly ThresholdResult[]): boolean {
  const parse = (e: string) => /^\s*rate\s*(>=|<=)\s*([\d.]+)\s*$/.exec(e);
  const me = parse(t.expression);
  if (!me) return false;
  return all.some((o) => {
    const other = o.metric === t.metric ? parse(o.expression) : null;
    if (!other || other[1] !== me[1]) return false;
    return me[1] === ">=" ? Number(other[2]) < Number(me[2]) : Number(other[2]) > Number(me[2]);
  });
}

/**
 * Whether k6 had samples to judge. A rate without samples and a trend with count 0 are
 * compared by k6 as if their statistic were 0 (or not at all) and reported ok. Counters and
 * gauges are judged on their value, and 0 is a real count.
 */
function hadSamples(m: K6SummaryMetric): boolean {
  const v = m.values ?? {};
  if (m.type === "rate") return (v.passes ?? 0) + (v.fails ?? 0) > 0;
  if (m.type === "trend" && v.count !== undefined) return v.count > 0;
  return true;
}

function allChecks(g: K6Group | undefined, prefix = ""): CheckResult[] {
  if (!g) return [];
  const here = prefix && g.name ? `${prefix}${g.name}::` : g.name ? `${g.name}::` : prefix;
  return [
    ...(g.checks ?? []).map((c) => ({ name: `${here}${c.name}`, passes: c.passes, fails: c.fails })),
    ...(g.groups ?? []).flatMap((sub) => allChecks(sub, here)),
  ];
}

function setupTestid(data: K6SummaryData): string | undefined {
  const s = data.setup_data;
  return typeof s === "object" && s !== null && typeof (s as { testid?: unknown }).testid === "string" ? (s as { testid: string }).testid : undefined;
}

function verdictOf(thresholds: readonly ThresholdResult[], couldNotTest: boolean, undecided: boolean): Verdict {
  if (couldNotTest) return "error";
  const breached = thresholds.filter((t) => t.status === "breached");
  if (breached.some((t) => !isPassClaimBound(t, thresholds))) return "fail";
  if (undecided || breached.length > 0) return "inconclusive";
  if (thresholds.some((t) => t.status === "not evaluated")) return "error";
  return "pass";
}

export function summarize(data: K6SummaryData, scenario: string, profile: string, legend: Record<string, string> = {}, testid?: string): ScenarioSummary {
  const thresholds: ThresholdResult[] = [];
  const metrics: Record<string, Record<string, number>> = {};
  for (const name of Object.keys(data.metrics ?? {}).sort()) {
    const m = data.metrics![name]!;
    metrics[name] = { ...(m.values ?? {}) };
    const sampled = hadSamples(m);
    for (const expression of Object.keys(m.thresholds ?? {}).sort()) {
      const stat = thresholdStat(expression);
      const value = sampled && stat !== undefined ? m.values?.[stat] : undefined;
      const status: ThresholdStatus = !sampled ? "not evaluated" : m.thresholds![expression]!.ok ? "passed" : "breached";
      const tally = sampled && m.type === "rate" && m.values ? { passes: m.values.passes ?? 0, fails: m.values.fails ?? 0 } : {};
      thresholds.push({ metric: name, expression, status, ...(value !== undefined ? { value } : {}), ...tally });
    }
  }
  const everyCheck = allChecks(data.root_group);
  const aborts = everyCheck.filter((c) => c.name.replace(/^.*::/, "").startsWith(ABORT_CHECK_PREFIX)).map((c) => c.name.replace(/^.*::/, "").slice(ABORT_CHECK_PREFIX.length));
  const checks = everyCheck.filter((c) => !c.name.replace(/^.*::/, "").startsWith(ABORT_CHECK_PREFIX));
  const couldNotTest = (metrics[COULD_NOT_TEST_METRIC]?.count ?? 0) > 0;
  const undecided = (metrics[UNDECIDED_METRIC]?.count ?? 0) > 0;
  const verdict = verdictOf(thresholds, couldNotTest, undecided);
  const reasons = [
    ...aborts,
    ...((couldNotTest || undecided) && aborts.length === 0 ? ["the run aborted (exit 108); the scenario recorded no reason"] : []),
    ...thresholds.filter((t) => t.status === "not evaluated").map((t) => `${t.metric} ${t.expression}: not evaluated, the metric got no samples`),
  ];
  const id = testid ?? setupTestid(data);
  return {
    apiVersion: "meshcheck/v1",
    kind: "K6ScenarioSummary",
    scenario,
    profile,
    ...(id !== undefined ? { testid: id } : {}),
    verdict,
    reasons,
    durationMs: data.state?.testRunDurationMs ?? 0,
    thresholds,
    checks,
    legend,
    metrics,
  };
}

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function fmt(v: number | undefined): string {
  return v === undefined ? "n/a" : Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** "rate=0.8740 (583 of 667)" or "p(99)=12.5000": the value a threshold judged. */
function judged(t: ThresholdResult): string {
  const base = `${thresholdStat(t.expression) ?? "value"}=${fmt(t.value)}`;
  return t.passes !== undefined && t.fails !== undefined ? `${base} (${t.passes} of ${t.passes + t.fails})` : base;
}

function checkLine(c: CheckResult): string {
  const n = c.passes + c.fails;
  return `${c.passes} of ${n} passed${n > 0 ? ` (${((100 * c.passes) / n).toFixed(1)}%)` : ""}`;
}

export function renderJUnit(s: ScenarioSummary): string {
  const cls = `meshcheck.k6.${s.scenario}`;
  const cases: string[] = [];
  // A run that could not test breaks its sample-count thresholds because it stopped, not because
  // the mesh failed them: there a breached threshold is an error, so a CI counting failures does
  // not read "could not test" as "failed".
  const couldNotTest = s.verdict === "error";
  for (const t of s.thresholds) {
    const name = xml(`${t.metric} ${t.expression}`);
    const body =
      t.status === "breached"
        ? couldNotTest
          ? `<error message="${xml(`threshold ${t.expression} on ${t.metric} breached after the run stopped (could not test): ${judged(t)}`)}"/>`
          : `<failure message="${xml(`threshold ${t.expression} on ${t.metric} breached: ${judged(t)}`)}"/>`
        : t.status === "not evaluated"
          ? `<error message="${xml(`threshold ${t.expression} on ${t.metric} not evaluated: the metric got no samples`)}"/>`
          : `<system-out>${xml(judged(t))}</system-out>`;
    cases.push(`    <testcase classname="${cls}.thresholds" name="${name}">${body}</testcase>`);
  }
  const aborted = s.verdict === "error" || (s.verdict === "inconclusive" && !s.thresholds.some((t) => t.status === "breached"));
  const runReasons = s.reasons.filter((r) => !s.thresholds.some((t) => r.startsWith(`${t.metric} ${t.expression}: not evaluated`)));
  if (aborted && runReasons.length > 0) {
    cases.push(`    <testcase classname="${cls}" name="run"><error message="${xml(`could not test: ${runReasons.join("; ")}`)}"/></testcase>`);
  }
  // Checks are tallies the thresholds judge (retries and load count failures they expect): shown, never failed.
  for (const c of s.checks) cases.push(`    <testcase classname="${cls}.checks" name="${xml(c.name)}"><system-out>${xml(checkLine(c))}</system-out></testcase>`);
  const failures = couldNotTest ? 0 : s.thresholds.filter((t) => t.status === "breached").length;
  const errors = cases.filter((c) => c.includes("<error ")).length;
  const time = (s.durationMs / 1000).toFixed(3);
  const props = [["profile", s.profile], ["verdict", s.verdict], ...(s.testid !== undefined ? [["testid", s.testid]] : []), ...Object.entries(s.legend)];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="meshcheck k6" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${xml(s.scenario)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time}">`,
    `    <properties>`,
    ...props.map(([k, v]) => `      <property name="${xml(k!)}" value="${xml(v!)}"/>`),
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

const MARK: Record<ThresholdStatus, string> = { passed: "✓", breached: "✗", "not evaluated": "?" };

export function renderText(s: ScenarioSummary): string {
  const lines = [`meshcheck k6 ${s.scenario} (${s.profile}${s.testid !== undefined ? `, testid ${s.testid}` : ""}): ${s.verdict.toUpperCase()}`];
  for (const r of s.reasons) lines.push(`  ! ${r}`);
  for (const t of s.thresholds) lines.push(`  ${MARK[t.status]} ${t.metric} ${t.expression} (${t.status === "not evaluated" ? "not evaluated: no samples" : judged(t)})`);
  for (const c of s.checks) lines.push(`  · check "${c.name}": ${checkLine(c)}`);
  for (const [k, v] of Object.entries(s.legend)) lines.push(`    ${k}: ${v}`);
  return lines.join("\n") + "\n";
}

/** handleSummary's return value: JSON and JUnit under `dir`, the verdict on stdout. */
export function summaryFiles(s: ScenarioSummary, dir: string): Record<string, string> {
  const base = `${dir.replace(/\/+$/, "") || "."}/k6-${s.scenario}`;
  return {
    [`${base}.json`]: JSON.stringify(s, null, 2) + "\n",
    [`${base}.junit.xml`]: renderJUnit(s),
    stdout: renderText(s),
  };
}
