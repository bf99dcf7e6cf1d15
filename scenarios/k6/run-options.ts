// What every scenario's options share: the run's `testid` tag on every sample, and the trend
// statistics the summary needs (every one a threshold names, and count).
import exec from "k6/execution";
import type { Options } from "k6/options";
import { summaryTrendStats } from "../lib/summary.ts";
import { testidFrom } from "../lib/testid.ts";

// Each VU runs the init code, so a generated id differs per VU; k6 takes the options, tags
// included, from the first one, and setup() reads the id back from the consolidated options.
const TESTID = testidFrom(__ENV, new Date(), Math.random);

/** The scenario's options with the run-wide ones added; `tls` from tlsOptions when it sends from a tls vantage. */
export function runOptions(options: Options, tls: Pick<Options, "tlsAuth" | "hosts"> = {}): Options {
  return {
    ...options,
    ...tls,
    tags: { ...options.tags, testid: TESTID },
    summaryTrendStats: summaryTrendStats(options.thresholds ?? {}),
  };
}

/** setup()'s return value: the run's testid as k6 applied it, for handleSummary (data.setup_data). */
export function setupData(): { testid: string | undefined } {
  return { testid: exec.test.options.tags?.testid };
}
