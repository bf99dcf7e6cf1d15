// Reading the Grafana dashboard for tests: its panels (rows flattened), their PromQL, and the
// metric and label names that PromQL uses.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const DASHBOARD_PATH = fileURLToPath(new URL("../../kind/addons/grafana/meshcheck-dashboard.json", import.meta.url));

export interface Target {
  expr: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string | { query: string }; datasource?: { uid?: string } }[] };
}

export async function loadDashboard(): Promise<Dashboard> {
  return JSON.parse(await readFile(DASHBOARD_PATH, "utf8")) as Dashboard;
}

export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every PromQL the dashboard runs: panel targets and query variables. */
export function allQueries(d: Dashboard): { where: string; expr: string }[] {
  const fromPanels = allPanels(d).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel ${p.id} "${p.title}" ${t.refId}`, expr: t.expr })));
  const fromVars = d.templating.list
    .filter((v) => v.type === "query")
    .map((v) => ({ where: `variable $${v.name}`, expr: typeof v.query === "string" ? v.query : v.query.query }));
  return [...fromPanels, ...fromVars];
}

// PromQL function and keyword names that look like identifiers.
const NOT_METRICS = new Set(["sum", "max", "min", "avg", "count", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "time", "histogram_quantile", "label_values", "rate", "increase", "offset", "bool", "topk", "bottomk"]);

/** Metric names an expression selects (identifiers outside {…}, "…" and function calls). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "")
    .replace(/label_values\(([^,]*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)/g, "($1)");
  return [...stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b/g)].map((m) => m[1]!).filter((n) => !NOT_METRICS.has(n) && !/^\d/.test(n));
}

/** Label names an expression matches on or groups by. */
export function labelNames(expr: string): string[] {
  const names: string[] = [];
  for (const m of expr.matchAll(/\{([^}]*)\}/g)) for (const l of m[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) names.push(l[1]!);
  for (const m of expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)) names.push(...m[1]!.split(",").map((s) => s.trim()).filter(Boolean));
  // label_values(selector, label)
  for (const m of expr.matchAll(/label_values\([^,]*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)/g)) names.push(m[1]!);
  return names;
}

/** The expression as Prometheus would get it from Grafana, for one value of each variable. */
export function substitute(expr: string, vars: Record<string, string>): string {
  return expr.replace(/\$(\w+)/g, (whole, name: string) => vars[name] ?? whole);
}
