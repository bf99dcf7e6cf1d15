// One section per check, with the evidence its kind records. The switch is exhaustive: a new
// evidence kind does not compile until it has a rendering.

import type { CheckResult } from "../../report/types.js";
import { escapeHtml as h } from "../escape.js";
import { ms } from "../format.js";
import { statusBadge } from "./badges.js";
import { canarySection } from "./canary-section.js";
import { destinationEvidenceHtml } from "./destination-sections.js";
import { convergenceLine, requestRecordsTable, routingCasesTable, trafficTable } from "./evidence-tables.js";
import { anchor } from "./verdict-table.js";
import { faultInjectionSection, retriesSection, timeoutSection } from "./resilience-sections.js";

function evidenceHtml(c: CheckResult): string {
  const e = c.evidence;
  switch (e.kind) {
    case "circuit-breaking":
    case "outlier-detection":
    case "disruption":
      return destinationEvidenceHtml(e);
    case "routing":
      return convergenceLine(e.convergence) + routingCasesTable(e.cases);
    case "canary":
      return convergenceLine(e.convergence) + canarySection(c, e.proportion, e.nonAnswers);
    case "mtls":
      return requestRecordsTable("In-mesh control", [e.control]) + requestRecordsTable("Plaintext requests (must get no HTTP answer)", e.plaintext);
    case "authz":
      return requestRecordsTable("Allowed requests (positive controls)", e.controls) + requestRecordsTable("Requests that must be denied", e.denials);
    case "timeout":
      return timeoutSection(e);
    case "retries":
      return retriesSection(c, e);
    case "fault-injection":
      return faultInjectionSection(c, e);
    case "error":
      return `<p class="bad">${h(e.message)}</p>`;
    default: {
      const never: never = e;
      throw new Error(`unhandled evidence ${JSON.stringify(never)}`);
    }
  }
}

export function checkSection(c: CheckResult): string {
  return `<section class="check" id="${h(anchor(c.id))}" data-kind="${h(c.evidence.kind)}">
<h3><code>${h(c.id)}</code>${c.api ? ` <span class="api">${h(c.api)}</span>` : ""} ${statusBadge(c.status)}</h3>
<p>${h(c.description)}</p>
<p><b>${h(c.summary)}</b> <span class="muted">(${c.requests} requests, ${ms(c.durationMs)})</span></p>
${evidenceHtml(c)}
<h4>Traffic</h4>
${trafficTable(c.traffic)}
</section>`;
}
