// What a feature's HTML section may say about its check besides the evidence (a CheckResult
// has these and more; the section needs no more).
import type { CheckStatus } from "../status.js";

export interface RenderedCheck {
  id: string;
  target: string;
  status: CheckStatus;
}
