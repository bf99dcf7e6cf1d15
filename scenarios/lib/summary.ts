// handleSummary renderings for the scenarios, written here instead of importing k6's remote
// jslib (no network in CI): a versioned JSON summary, JUnit XML (one testcase per threshold and
// per check, so CI shows which threshold broke) and a short text verdict for stdout.
// Runtime-neutral: takes k6's summary data as a plain object.

/** The parts of k6's handleSummary data this module reads. */
export interface K6SummaryData {
  metrics?: Record<string, K6SummaryMetric>;
  root_group?: K6Group;
  state?: { testRunDurationMs?: number };
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

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** The statistic the expression reads, when the summary has it. */
  value?: number;
}

export interface CheckResult {
  name: string;
  passes: number;
  fails: number;
}

export interface ScenarioSummary {
  apiVersion: "meshcheck/v1";
  kind: "K6ScenarioSummary";
  scenario: string;
  profile: string;
  /**
   * pass: every threshold held. inconclusive: only pass-claim bounds broke (a proportion under
   * the tolerance contract carries two bounds per side; breaking the inner one but not the
   * outer one claims nothing). fail: any other threshold broke.
   */
  verdict: "pass" | "fail" | "inconclusive";
  durationMs: number;
  thresholds: ThresholdResult[];
  checks: CheckResult[];
  /** Tag values explained, e.g. routing case "3" → its description. */
  legend: Record<string, string>;
  /** Every metric's values, as k6 reported them. */
  metrics: Record<string, Record<string, number>>;
}

/** The statistic a threshold expression reads: "rate>=0.05" → "rate", "p(99)<300" → "p(99)". */
export function thresholdStat(expression: string): string | undefined {
  return /^\s*([a-z]+(?:\([\d.]+\))?)\s*(?:<=|>=|===|==|!=|<|>)/.exec(expression)?.[1];
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

function allChecks(g: K6Group | undefined, prefix = ""): CheckResult[] {
  if (!g) return [];
  const here = prefix && g.name ? `${prefix}${g.name}::` : g.name ? `${g.name}::` : prefix;
  return [
    ...(g.checks ?? []).map((c) => ({ name: `${here}${c.name}`, passes: c.passes, fails: c.fails })),
    ...(g.groups ?? []).flatMap((sub) => allChecks(sub, here)),
  ];
}

export function summarize(data: K6SummaryData, scenario: string, profile: string, legend: Record<string, string> = {}): ScenarioSummary {
  const thresholds: ThresholdResult[] = [];
  const metrics: Record<string, Record<string, number>> = {};
  for (const name of Object.keys(data.metrics ?? {}).sort()) {
    const m = data.metrics![name]!;
    metrics[name] = { ...(m.values ?? {}) };
    for (const expression of Object.keys(m.thresholds ?? {}).sort()) {
      const stat = thresholdStat(expression);
      const value = stat !== undefined ? m.values?.[stat] : undefined;
      thresholds.push({ metric: name, expression, ok: m.thresholds![expression]!.ok, ...(value !== undefined ? { value } : {}) });
    }
  }
  const checks = allChecks(data.root_group);
  const broken = thresholds.filter((t) => !t.ok);
  const verdict = broken.length === 0 ? "pass" : broken.every((t) => isPassClaimBound(t, thresholds)) ? "inconclusive" : "fail";
  return {
    apiVersion: "meshcheck/v1",
    kind: "K6ScenarioSummary",
    scenario,
    profile,
    verdict,
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

export function renderJUnit(s: ScenarioSummary): string {
  const cls = `meshcheck.k6.${s.scenario}`;
  const cases: string[] = [];
  for (const t of s.thresholds) {
    const name = xml(`${t.metric} ${t.expression}`);
    const body = t.ok ? "" : `<failure message="${xml(`threshold ${t.expression} on ${t.metric} breached: ${thresholdStat(t.expression) ?? "value"}=${fmt(t.value)}`)}"/>`;
    cases.push(`    <testcase classname="${cls}.thresholds" name="${name}">${body}</testcase>`);
  }
  for (const c of s.checks) {
    const body = c.fails === 0 ? "" : `<failure message="${xml(`${c.fails} of ${c.passes + c.fails} failed`)}"/>`;
    cases.push(`    <testcase classname="${cls}.checks" name="${xml(c.name)}">${body}</testcase>`);
  }
  const failures = s.thresholds.filter((t) => !t.ok).length + s.checks.filter((c) => c.fails > 0).length;
  const legend = Object.entries(s.legend).map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="meshcheck k6" tests="${cases.length}" failures="${failures}" time="${(s.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(s.scenario)}" tests="${cases.length}" failures="${failures}" errors="0" time="${(s.durationMs / 1000).toFixed(3)}">`,
    `    <properties>`,
    `      <property name="profile" value="${xml(s.profile)}"/>`,
    ...legend,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

export function renderText(s: ScenarioSummary): string {
  const lines = [`meshcheck k6 ${s.scenario} (${s.profile}): ${s.verdict.toUpperCase()}`];
  for (const t of s.thresholds) lines.push(`  ${t.ok ? "✓" : "✗"} ${t.metric} ${t.expression} (${thresholdStat(t.expression) ?? "value"}=${fmt(t.value)})`);
  for (const c of s.checks.filter((c) => c.fails > 0)) lines.push(`  ✗ check "${c.name}": ${c.fails} of ${c.passes + c.fails} failed`);
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
