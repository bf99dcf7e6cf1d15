// authz-policy's evidence as text and HTML: the allowed requests, then the denied ones.
import type { AuthzEvidence } from "./evidence.js";
import { requestText } from "../../render-kit/text.js";
import { requestRecordsTable } from "../../render-kit/html/evidence-tables.js";

export function authzText(e: AuthzEvidence): string[] {
  return [...e.controls.map((r) => `control: ${requestText(r)}`), ...e.denials.map((r) => `deny: ${requestText(r)}`)];
}

export function authzHtml(e: AuthzEvidence): string {
  return requestRecordsTable("Allowed requests (positive controls)", e.controls) + requestRecordsTable("Requests that must be denied", e.denials);
}
