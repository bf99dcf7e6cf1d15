// handleSummary for every scenario: JSON + JUnit into REPORTS_DIR (default reports/, which must
// exist: k6 does not create directories), the verdict on stdout.
import { summarize, summaryFiles, type K6SummaryData } from "../lib/summary.ts";

export function summaryOutputs(scenario: string, profileName: string, data: unknown, legend: Record<string, string> = {}): Record<string, string> {
  return summaryFiles(summarize(data as K6SummaryData, scenario, profileName, legend), __ENV.REPORTS_DIR || "reports");
}
