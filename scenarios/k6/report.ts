// handleSummary for every scenario: JSON + JUnit into REPORTS_DIR (default reports/), the
// verdict on stdout. The directory is checked here, in the init context (open() exists only
// there): k6 does not create it, and a missing one would lose the files behind exit 0.
import { summarize, summaryFiles, type K6SummaryData } from "../lib/summary.ts";
import { reportsDir, reportsDirError } from "../lib/reports-dir.ts";

const REPORTS = reportsDir(__ENV);
if (REPORTS.absolute !== undefined) {
  let openError: string | undefined;
  try {
    open(REPORTS.absolute);
  } catch (e) {
    openError = String(e);
  }
  const error = reportsDirError(REPORTS.dir, REPORTS.absolute, openError);
  if (error) throw error;
}

export function summaryOutputs(scenario: string, profileName: string, data: unknown, legend: Record<string, string> = {}): Record<string, string> {
  return summaryFiles(summarize(data as K6SummaryData, scenario, profileName, legend, __ENV.TESTID || undefined), REPORTS.dir);
}
