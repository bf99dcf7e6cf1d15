// mtls-strict's evidence as text and HTML: the in-mesh control, then the plaintext attempts.
import type { MtlsEvidence } from "./evidence.js";
import { requestText } from "../../render-kit/text.js";
import { requestRecordsTable } from "../../render-kit/html/evidence-tables.js";

export function mtlsText(e: MtlsEvidence): string[] {
  return [`control: ${requestText(e.control)}`, ...e.plaintext.map((r) => `plaintext: ${requestText(r)}`)];
}

export function mtlsHtml(e: MtlsEvidence): string {
  return requestRecordsTable("In-mesh control", [e.control]) + requestRecordsTable("Plaintext requests (must get no HTTP answer)", e.plaintext);
}
