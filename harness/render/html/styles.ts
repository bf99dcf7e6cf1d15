// The one stylesheet of every HTML page: inline, system fonts only, so a report opens the
// same from a CI artifact, an email attachment or an air-gapped laptop.

export const CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p, ul { margin: 6px 0; }
.muted { color: var(--muted); }
.api { color: var(--muted); font-size: 0.85em; }
.fault-mark { display: inline-block; padding: 0 6px; border-radius: 8px; background: #fff1c2; color: #6b4e00; font-size: 12px; font-weight: 600; }
tr.fault-run td { background: #fffbea; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; margin: 8px 0 12px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wrap { overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12px; letter-spacing: .02em; }
.verdict-summary { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 0; margin: 6px 0 4px; font-size: 12px; }
.verdict-summary a { color: inherit; text-decoration: none; }
.badge.big { font-size: 15px; padding: 3px 12px; }
.status-pass { background: #009e73; } .status-fail { background: #d55e00; } .status-error { background: #cc79a7; }
.status-inconclusive { background: #e69f00; } .status-skipped { background: #8a8a8a; } .status-could-not-test { background: #e69f00; }
.ok { color: #007a5a; font-weight: 600; } .bad { color: #b34700; font-weight: 600; }
.terms { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--fg); }
.chart .axis line, .chart .axis path { stroke: #8c959f; }
.chart .grid line { stroke: #eaeef2; }
.chart text.small { font-size: 11px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 0 0 8px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; border-radius: 2px; }
table.verdicts td:first-child, .grid-table td:first-child { white-space: nowrap; }
table.grid-table { width: auto; }
.grid-table td.cell { text-align: center; color: #fff; font-weight: 600; font-size: 11px; padding: 3px 4px; min-width: 34px; }
`;
