// The compact verdict summary at the top of the report: one chip per check (status and id,
// linking to its section), so the whole run's outcome fits the first screen; the full verdict
// table with each check's summary follows the canary picture.

import type { RunReport } from "../../report/types.js";
import { escapeHtml as h } from "../../render-kit/escape.js";
import { statusBadge } from "../../render-kit/html/badges.js";
import { anchor } from "./verdict-table.js";

export function verdictSummary(r: RunReport): string {
  const chips = [
    ...r.checks.map((c) => `<li data-check="${h(c.id)}"><a href="#${h(anchor(c.id))}">${statusBadge(c.status)} <code>${h(c.id)}</code></a></li>`),
    ...r.skipped.map((s) => `<li data-check="${h(s.check)}">${statusBadge("skipped")} <code>${h(s.check)}</code></li>`),
  ];
  if (chips.length === 0) return "";
  return `<ul class="verdict-summary" aria-label="verdict per check">${chips.join("")}</ul>`;
}
