// The knob tables the docs show, rendered from spec/knobs.ts (test/scenarios/knob-docs.test.ts
// compares them with the docs). To regenerate: npx tsx test/support/knob-tables.ts
import { boundsText, KNOBS, type Knob } from "../../spec/knobs.js";
import { durationText } from "../../scenarios/lib/env.js";

const rows = Object.values(KNOBS) as Knob[];

function defaultText(k: Knob): string {
  if (k.default === undefined) return "—";
  if (k.unit === "s" && k.env !== undefined) return durationText(k.default);
  return k.unit === "ms" || k.unit === "s" ? `${k.default} ${k.unit}` : String(k.default);
}

const allowed = (k: Knob) => `${k.integer ? "whole, " : ""}${boundsText(k)}${k.unit === "ms" || k.unit === "s" ? ` ${k.unit}` : ""}`;

/** The k6 -e variables (scenarios/README.md). */
export function envTable(): string {
  const lines = ["| variable | scenarios | default | allowed | meaning |", "|---|---|---|---|---|"];
  for (const k of rows) if (k.env !== undefined) lines.push(`| \`${k.env.name}\` | ${k.env.scenarios} | ${defaultText(k)} | ${allowed(k)} | ${k.meaning} |`);
  return lines.join("\n");
}

/** The numeric `meshcheck` flags (README.md). */
export function flagTable(): string {
  const lines = ["| flag | default | allowed | meaning |", "|---|---|---|---|"];
  for (const k of rows) if (k.flag !== undefined) lines.push(`| \`meshcheck ${k.flag}\` | ${defaultText(k)} | ${allowed(k)} | ${k.meaning} |`);
  return lines.join("\n");
}

/** The statistics settings as flag and -e variable (harness/stats/README.md). */
export function statsTable(): string {
  const lines = ["| setting | flag | k6 | default | allowed |", "|---|---|---|---|---|"];
  for (const [name, k] of [["α", KNOBS.alpha], ["β", KNOBS.beta], ["δ", KNOBS.delta], ["budget", KNOBS.budget]] as const) {
    const env = "env" in k ? `\`-e ${k.env.name}\`` : "—";
    lines.push(`| ${name} | \`${k.flag.split(" ")[1]}\` | ${env} | ${defaultText(k)} | ${allowed(k)} |`);
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, table] of [["env", envTable()], ["flags", flagTable()], ["stats", statsTable()]]) process.stdout.write(`<!-- knobs:${name} -->\n${table}\n<!-- /knobs:${name} -->\n\n`);
}
