// Status and verdict badges.

import { STATUS_LABEL, VERDICT_LABEL } from "../labels.js";
import type { CheckStatus, RunVerdict } from "../../status.js";

export function statusBadge(status: CheckStatus | "skipped"): string {
  return `<span class="badge status-${status}">${STATUS_LABEL[status]}</span>`;
}

export function verdictBadge(verdict: RunVerdict): string {
  return `<span class="badge big status-${verdict}">${VERDICT_LABEL[verdict]}</span>`;
}

export function okMark(ok: boolean): string {
  return ok ? `<span class="ok">✓</span>` : `<span class="bad">✗</span>`;
}
